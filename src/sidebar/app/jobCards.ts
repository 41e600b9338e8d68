/**
 * The generations under way and just finished, one card each: what it is doing now
 * (the pipeline's progress), Cancel while it runs, and when it fails the message with
 * the buttons that fix it.
 */
import * as l10n from '@vscode/l10n';
import type { Remedy } from '../../core/remedies';
import type { ImageRef } from '../protocol/values';
import type { JobView, ProviderView } from '../protocol/views';
import { append, button, h, icon } from './dom';
import { post } from './hostChannel';
import { describeProgress } from '../../core/progressText';
import { remedyLabel } from '../../core/remedyLabels';

export interface JobsEvents {
  announce(text: string): void;
  open(image: ImageRef): void;
  /** A job failed on a value the provider refused; the form marks that control and says what it is called, if it could. */
  refused(job: JobView): string | undefined;
}

const REMEDY_ICONS: Readonly<Record<Remedy, string>> = {
  setApiKey: 'key',
  retry: 'refresh',
  openSettings: 'settings-gear',
  openFolder: 'folder-opened',
  showLog: 'output',
};

export class JobsList {
  readonly element: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly clearFinished: HTMLButtonElement;
  private readonly cards = new Map<string, { element: HTMLLIElement; signature: string; status: JobView['status'] }>();
  private providers = new Map<string, ProviderView>();
  /** Failed jobs whose message is shown at the control it is about, by the control's title: the card does not repeat it. */
  private readonly markedAt = new Map<string, string>();

  constructor(private readonly events: JobsEvents) {
    this.list = h('ul', { class: 'jobs', 'aria-label': l10n.t('Generations') });
    this.clearFinished = button(l10n.t('Clear finished'), { icon: 'clear-all', title: l10n.t('Remove the finished generations from this list') });
    this.clearFinished.classList.add('clear-finished');
    this.clearFinished.addEventListener('click', () => post({ type: 'clearFinishedJobs' }));
    this.element = h('section', { class: 'jobs-section', hidden: true, 'aria-label': l10n.t('Generations') }, this.list, this.clearFinished);
  }

  setProviders(providers: readonly ProviderView[]): void {
    this.providers = new Map(providers.map((provider) => [provider.id, provider]));
  }

  render(jobs: readonly JobView[]): void {
    this.element.hidden = jobs.length === 0;
    // The newest finished card stays whole; older ones fold into one line each, so that the form stays in sight.
    const newestFinished = jobs.find((job) => job.status !== 'running')?.id;
    const folded = (job: JobView) => job.status !== 'running' && job.id !== newestFinished;
    this.clearFinished.hidden = !jobs.some(folded);
    const seen = new Set<string>();
    const ordered: HTMLLIElement[] = [];
    for (const job of jobs) {
      seen.add(job.id);
      const compact = folded(job);
      const signature = `${compact ? 'compact:' : ''}${JSON.stringify(job)}`;
      const existing = this.cards.get(job.id);
      if (existing && existing.signature === signature) {
        ordered.push(existing.element);
        continue;
      }
      const label = this.providers.get(job.provider)?.label ?? job.provider;
      if (existing && existing.status !== job.status) this.announceEnd(job, label);
      const element = existing?.element ?? h('li', { class: 'job' });
      // Keep focus on a card's button when the card is redrawn in place.
      const focused = element.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset.action : undefined;
      this.fill(element, job, label, compact);
      if (focused) element.querySelector<HTMLElement>(`[data-action="${focused}"]`)?.focus();
      this.cards.set(job.id, { element, signature, status: job.status });
      ordered.push(element);
    }
    for (const [id, card] of this.cards) {
      if (!seen.has(id)) {
        card.element.remove();
        this.cards.delete(id);
        this.markedAt.delete(id);
      }
    }
    ordered.forEach((element, index) => {
      if (this.list.children[index] !== element) this.list.insertBefore(element, this.list.children[index] ?? null);
    });
  }

  private announceEnd(job: JobView, label: string): void {
    if (job.status === 'saved') this.events.announce(job.files.length === 1 ? l10n.t('{0} saved the image.', label) : l10n.t('{0} saved {1} images.', label, job.files.length));
    if (job.status === 'failed') {
      this.events.announce(l10n.t('{0} failed: {1}', label, job.error?.message ?? ''));
      if (job.error?.kind === 'invalid-input' && job.error.parameter) {
        const field = this.events.refused(job);
        if (field) this.markedAt.set(job.id, field);
      }
    }
    if (job.status === 'cancelled') this.events.announce(l10n.t('{0} generation cancelled.', label));
  }

  private fill(element: HTMLLIElement, job: JobView, label: string, compact: boolean): void {
    element.className = `job ${job.status}${compact ? ' compact' : ''}`;
    element.dataset.job = job.id;
    const statusIcon = {
      running: icon('loading', 'codicon-modifier-spin'),
      saved: icon('pass-filled', 'ok'),
      failed: icon('error', 'err'),
      cancelled: icon('circle-slash'),
    }[job.status];
    const status =
      job.status === 'running'
        ? describeProgress(job.progress, label)
        : job.status === 'saved'
          ? l10n.t('Saved {0}', (job.paths ?? job.files.map((file) => file.name)).join(', '))
          : job.status === 'cancelled'
            ? l10n.t('Cancelled.')
            : this.markedAt.has(job.id)
              ? l10n.t('{0} refused the {1} value; what it said is under that field.', label, this.markedAt.get(job.id) ?? '')
              : (job.error?.message ?? l10n.t('Failed.'));
    const actions = h('div', { class: 'job-actions' });
    const action = (name: string, control: HTMLButtonElement, run: () => void) => {
      control.dataset.action = name;
      control.addEventListener('click', run);
      actions.append(control);
    };
    if (job.status === 'running') {
      action('cancel', button(l10n.t('Cancel'), { icon: 'close' }), () => post({ type: 'cancelJob', job: job.id }));
    } else {
      // A folded line keeps Retry of the fixes; the rest are on the card while it is the newest.
      const fixes = (job.error?.actions ?? []).filter((fix) => !compact || fix === 'retry');
      for (const fix of fixes) {
        const login = this.providers.get(job.provider)?.optionalKey !== undefined;
        action(fix, button(remedyLabel(fix, login), { icon: REMEDY_ICONS[fix], iconOnly: compact }), () => post({ type: 'runFix', job: job.id, action: fix }));
      }
      const first = job.files[0];
      if (first) action('open', button(l10n.t('Open'), { icon: 'go-to-file', iconOnly: compact }), () => this.events.open(first));
      if (job.status === 'cancelled') action('retry', button(l10n.t('Retry'), { icon: 'refresh', iconOnly: compact }), () => post({ type: 'runFix', job: job.id, action: 'retry' }));
      action('dismiss', button(l10n.t('Dismiss'), { icon: 'close', iconOnly: true }), () => post({ type: 'dismissJob', job: job.id }));
    }
    element.replaceChildren();
    if (compact) {
      // One line: what it was and how it ended; the whole message on hover, the buttons that still matter.
      element.title = status;
      append(element, [
        h('div', { class: 'job-head' }, statusIcon, h('span', { class: 'job-provider' }, label), h('span', { class: 'job-prompt' }, job.prompt), actions),
      ]);
      return;
    }
    element.removeAttribute('title');
    append(element, [
      h('div', { class: 'job-head' }, statusIcon, h('span', { class: 'job-provider' }, label), h('span', { class: 'job-prompt', title: job.prompt }, job.prompt)),
      h('p', { class: 'job-status' }, status),
      job.status === 'running' && progressBar(job.progress, status),
      ...job.warnings.map((warning) => h('p', { class: 'job-warning' }, icon('warning', 'warn'), h('span', {}, warning))),
      job.exported && h('p', { class: 'job-exported' }, icon('export'), h('span', {}, job.exported)),
      actions,
    ]);
  }
}

/** A bar that fills with the percentage the provider reports, and sweeps while there is none to show. */
function progressBar(progress: JobView['progress'], status: string): HTMLElement {
  if (progress.stage === 'generating') {
    return h('progress', { class: 'progress-value', max: 100, value: Math.round(progress.fraction * 100), 'aria-label': status });
  }
  return h('div', { class: 'progress', role: 'progressbar', 'aria-label': status });
}
