/**
 * An init script for every frame of the workbench page; it does something only in a
 * webview's content frame. It notes when the generator becomes usable (a provider to
 * pick and an enabled prompt box, on screen) and when the gallery holds its tiles, and
 * sums the messages the host sends to the page by type.
 *
 * VS Code writes a webview's page into its frame with document.open(), which drops the
 * listeners added before, after the frame has already gone from about:blank to fake.html;
 * so the message listener and the MutationObserver are added again whenever the
 * document changes, which an interval checks.
 */

interface MessageTally {
  count: number;
  bytes: number;
  /** Date.now() when the first of its type arrived. */
  firstAt: number;
}

export interface FrameRecord {
  readonly url: string;
  /** When the frame came to be, and when its current document did (VS Code rewrites it once). */
  readonly frameAt: number;
  documentAt: number;
  /** Date.now() values; absent until it happened. */
  generatorDomAt?: number;
  generatorShownAt?: number;
  galleryDomAt?: number;
  galleryShownAt?: number;
  tiles: number;
  messages: Record<string, MessageTally>;
}

declare global {
  interface Window {
    __benchExpectedTiles?: number;
    __imagesmithBench?: FrameRecord;
  }
}

(() => {
  if (window.top === window) return;
  // The content frame starts as about:blank, navigates to fake.html (keeping this window)
  // and is then rewritten with document.open(); one record and one loop serve them all.
  if (window.__imagesmithBench) return;
  const expected = window.__benchExpectedTiles ?? 1;
  const record: FrameRecord = { url: location.href, frameAt: Date.now(), documentAt: Date.now(), tiles: 0, messages: {} };
  window.__imagesmithBench = record;
  const encoder = new TextEncoder();

  const onMessage = (event: MessageEvent<unknown>) => {
    const data = event.data as { type?: unknown } | null;
    const type = typeof data === 'object' && data !== null && typeof data.type === 'string' ? data.type : '(other)';
    let bytes: number;
    try {
      bytes = encoder.encode(JSON.stringify(data)).length;
    } catch {
      bytes = Number.NaN;
    }
    const tally = (record.messages[type] ??= { count: 0, bytes: 0, firstAt: Date.now() });
    tally.count += 1;
    tally.bytes += bytes;
  };

  const generatorReady = () => {
    const prompt = document.querySelector<HTMLTextAreaElement>('section.generator textarea');
    return prompt !== null && !prompt.disabled && document.querySelector('section.generator select option') !== null;
  };
  const tileCount = () => document.querySelectorAll('ul.gallery > li.tile').length;
  /** The frame is kept hidden until its page has loaded; same origin, so its element can be read. */
  const frameShown = () => {
    try {
      const element = window.frameElement as HTMLElement | null;
      return element === null || element.style.visibility !== 'hidden';
    } catch {
      return true;
    }
  };

  let hooked: Element | null = null;
  let observed: Document | null = null;
  let frameLoop = 0;
  let lastFrameAt = 0;
  const done = () => record.generatorShownAt !== undefined && record.galleryShownAt !== undefined;
  /** Each animation frame: whether what the DOM holds is now on screen. */
  const onFrame = (loop: number) => {
    if (loop !== frameLoop || done()) return;
    const now = Date.now();
    lastFrameAt = now;
    const shown = frameShown();
    if (record.generatorShownAt === undefined && shown && record.generatorDomAt !== undefined) record.generatorShownAt = now;
    if (record.galleryShownAt === undefined && shown && record.galleryDomAt !== undefined) record.galleryShownAt = now;
    requestAnimationFrame(() => onFrame(loop));
  };
  const check = () => {
    if (hooked !== document.documentElement) {
      hooked = document.documentElement;
      record.documentAt = Date.now();
      window.removeEventListener('message', onMessage);
      window.addEventListener('message', onMessage);
    }
    if (observed !== document) {
      observed = document;
      new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled'] });
    }
    if (done()) return;
    const now = Date.now();
    if (record.generatorDomAt === undefined && generatorReady()) record.generatorDomAt = now;
    record.tiles = tileCount();
    if (record.galleryDomAt === undefined && record.tiles >= expected) record.galleryDomAt = now;
    // A document change drops pending animation-frame callbacks: start a new loop when the old one went quiet.
    if (now - lastFrameAt > 200) {
      frameLoop += 1;
      lastFrameAt = now;
      const loop = frameLoop;
      requestAnimationFrame(() => onFrame(loop));
    }
  };
  // Timers outlive the document changes that drop listeners and observers; the interval re-hooks them.
  setInterval(check, 5);
  check();
})();
