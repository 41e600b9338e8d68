import * as vscode from 'vscode';
import type { Progress } from '../core/types';
import type { ActiveGeneration, GenerationActivity } from './generationActivity';

export const STATUS_BAR_ID = 'imagesmith.generations';

/** A generation's stage in the display language, in the words the progress notification and the panel use. */
export function describeStage(progress: Progress | undefined): string {
  switch (progress?.stage) {
    case undefined:
      return vscode.l10n.t('Starting…');
    case 'queued':
      return vscode.l10n.t('Waiting for a free slot ({0} in line)…', progress.ahead);
    case 'validating':
      return vscode.l10n.t('Checking the parameters…');
    case 'sending':
      return vscode.l10n.t('Sending the prompt…');
    case 'waiting':
      return progress.checks === 1 ? vscode.l10n.t('Waiting (1 status check)…') : vscode.l10n.t('Waiting ({0} status checks)…', progress.checks);
    case 'generating':
      return vscode.l10n.t('Generating… {0}%', Math.round(Math.min(1, Math.max(0, progress.fraction)) * 100));
    case 'downloading':
      return progress.total > 1 ? vscode.l10n.t('Downloading image {0} of {1}…', Math.min(progress.done + 1, progress.total), progress.total) : vscode.l10n.t('Downloading the image…');
    case 'saving':
      return vscode.l10n.t('Saving…');
    case 'saved':
      return vscode.l10n.t('Saved.');
    default: {
      const unreachable: never = progress;
      return String(unreachable);
    }
  }
}

function stage(generation: ActiveGeneration): string {
  return `${generation.providerLabel}: ${describeStage(generation.progress)}`;
}

/**
 * A status-bar item while generations run: how many, and what the newest is doing; a
 * click opens the panel, where each has its card and Cancel. Hidden when none runs.
 */
export class GenerationStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly activity: GenerationActivity) {
    this.item = vscode.window.createStatusBarItem(STATUS_BAR_ID, vscode.StatusBarAlignment.Left, 50);
    this.item.name = vscode.l10n.t('Imagesmith Generations');
    this.item.command = { command: 'imagesmith.openGenerator', title: vscode.l10n.t('Open Image Generator') };
    this.subscription = activity.onDidChange(() => this.update());
  }

  private update(): void {
    const running = this.activity.current();
    const newest = running[running.length - 1];
    if (!newest) {
      this.item.hide();
      return;
    }
    const count = running.length === 1 ? vscode.l10n.t('1 generation') : vscode.l10n.t('{0} generations', running.length);
    const text = `${count} · ${stage(newest)}`;
    this.item.text = `$(loading~spin) ${text}`;
    // Plain text, not a MarkdownString: the extension host runs its Markdown lexer over a
    // Markdown tooltip, and that first run (tens of milliseconds) fell on the first
    // generation, before its request left.
    this.item.tooltip = [vscode.l10n.t('Imagesmith'), ...running.map((generation) => `• ${stage(generation)}`), '', vscode.l10n.t('Click to open the Imagesmith panel, where each one can be cancelled.')].join('\n');
    this.item.accessibilityInformation = { label: vscode.l10n.t('Imagesmith: {0}. Open the Imagesmith panel.', text), role: 'button' };
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
