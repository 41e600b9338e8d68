/**
 * The generator view in the webview: builds the page, asks the host for its state,
 * and routes each message from the host to the part of the page it concerns.
 */
// First: the page's words are set before any other module asks for one.
import * as l10n from '@vscode/l10n';
import './pageL10n';
import type { HostMessage } from '../protocol/toPage';
import type { Draft, ImageRef } from '../protocol/values';
import { Announcer, JobProgressAnnouncer } from './announcer';
import { h } from './dom';
import { keepFocusAcrossWindowFocus } from './focusMemory';
import { Gallery } from './gallery';
import { Generator } from './generator';
import { listen, loadViewState, nextId, post, saveViewState } from './hostChannel';
import { JobsList } from './jobCards';
import { NoFolderNotice } from './noFolder';
import { SourceSlot } from './sourceSlot';

const app = document.getElementById('app');
if (!app) throw new Error('the page has no #app');

const announcer = new Announcer();
const announce = (text: string): void => announcer.announce(text);
const progressAnnouncer = new JobProgressAnnouncer(announce);

const viewState = loadViewState();
const ownDraft = viewState.draft;
const draft: Draft = ownDraft ?? { provider: 'popcord', prompt: '', negativePrompt: '', values: {} };
let parametersOpen = viewState.parametersOpen ?? true;
const jobs = new JobsList({
  announce,
  open: (image) => post({ type: 'imageAction', id: nextId('image'), action: 'open', image }),
  refused: (job): string | undefined => (job.error && job.provider === generator.currentProvider() ? generator.markRefused(job.error) : undefined),
});

let keptDraft = draft;
let keptSource = viewState.source;
const keep = (): void => saveViewState({ draft: keptDraft, parametersOpen, ...(keptSource ? { source: keptSource } : {}) });
const source = new SourceSlot(announce, (kept) => {
  keptSource = kept;
  keep();
});
const generator = new Generator(
  draft,
  parametersOpen,
  jobs.element,
  {
    saved(next, open) {
      keptDraft = next;
      parametersOpen = open;
      keep();
    },
    announce,
  },
  source,
);
if (viewState.source) source.keep(viewState.source);
const gallery = new Gallery({
  useSettings(image) {
    const id = nextId('use');
    post({ type: 'useSettings', id, image, fallbackProvider: generator.currentProvider() });
  },
  useAsSource: (image) => source.useGalleryImage(image),
  announce,
});
const noFolder = new NoFolderNotice();
// The page's one level-one heading, for screen readers' heading navigation; the view's title shows it already.
const heading = h('h1', { class: 'visually-hidden' }, l10n.t('Imagesmith image generator'));
app.append(heading, noFolder.element, generator.element, gallery.element, announcer.element);
app.removeAttribute('aria-busy');

const readyId = nextId('ready');
/** An image to show that the gallery has not listed yet (it was saved a moment ago): shown once it is. */
let toReveal: ImageRef | undefined;
function revealPending(): void {
  if (toReveal && gallery.reveal(toReveal)) toReveal = undefined;
}

function handle(message: HostMessage): void {
  switch (message.type) {
    case 'readyResult': {
      if (message.id !== readyId) return;
      jobs.setProviders(message.state.providers);
      progressAnnouncer.setProviders(message.state.providers);
      gallery.setProviders(message.state.providers);
      // The page's own draft is the freshest unless the window reloaded before VS Code kept it.
      const hostIsNewer = !ownDraft || (message.draft !== undefined && (message.draft.updatedAt ?? 0) > (ownDraft.updatedAt ?? 0));
      const typedFirst = hostIsNewer && generator.restore(message.draft ?? { provider: message.state.defaultProvider, prompt: '', negativePrompt: '', values: {} }, draft);
      generator.setState(message.state);
      generator.reconciled(!hostIsNewer || typedFirst);
      noFolder.update(message.state.hasFolder);
      return;
    }
    case 'didRequestFocus':
      // Only the command asks; a click into the view keeps the focus where it landed, so the click does what it was aimed at.
      if (document.activeElement === document.body || document.activeElement === null) generator.focusPrompt();
      return;
    case 'didChangeState':
      jobs.setProviders(message.state.providers);
      progressAnnouncer.setProviders(message.state.providers);
      gallery.setProviders(message.state.providers);
      generator.setState(message.state);
      noFolder.update(message.state.hasFolder);
      return;
    case 'didChangeJobs':
      jobs.render(message.jobs);
      progressAnnouncer.update(message.jobs);
      return;
    case 'checkValuesResult':
      generator.checked(message.id, message.problems, message.unavailable);
      return;
    case 'generateResult':
      if (message.error) generator.refused(message.error);
      return;
    case 'didResetGallery':
      gallery.reset(message);
      revealPending();
      return;
    case 'didChangeGallery':
      gallery.change(message);
      revealPending();
      return;
    case 'loadMetadataResult':
      gallery.metadata(message);
      return;
    case 'didMakeThumbnails':
      gallery.thumbnails(message);
      return;
    case 'imageActionResult':
      gallery.actionResult(message);
      return;
    case 'useSettingsResult':
      if (message.settings) {
        generator.apply(message.settings);
        source.restore(message.settings.source);
        const ignored = message.settings.ignored;
        gallery.say(ignored.length > 0 ? l10n.t('Settings loaded into the generator. Not carried over: {0}.', ignored.join('; ')) : l10n.t('Settings loaded into the generator.'));
        window.scrollTo({ top: 0 });
      } else if (message.message) {
        gallery.say(message.message);
      }
      return;
    case 'didRequestShowImage':
      toReveal = message.image;
      revealPending();
      return;
    case 'didRequestTileAction':
      gallery.runFromMenu(message.action, message.image);
      return;
    case 'chooseSourceResult':
      source.chosen(message);
      return;
    default: {
      const unreachable: never = message;
      console.warn('Imagesmith: unhandled message', unreachable);
    }
  }
}

keepFocusAcrossWindowFocus();
listen(handle);
post({ type: 'ready', id: readyId });
