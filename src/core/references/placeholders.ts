/**
 * Placeholder image services: a URL that says only "an image of this size goes here".
 * Each is read for its size and, where the service shows text or picks by keyword, for
 * what the image is about. Any other remote URL is a real image somewhere else, left alone.
 */
import type { Size } from './types';

export interface Placeholder {
  readonly service: string;
  readonly size?: Size;
  /** Text the service would draw, or the keywords it would pick a photo by. */
  readonly text?: string;
}

const dims = (w: string | undefined, h: string | undefined): Size | undefined => {
  const width = Number(w);
  const height = h === undefined ? width : Number(h);
  return width > 0 && height > 0 && width <= 16_384 && height <= 16_384 ? { width, height } : undefined;
};

/** `600x400`, `600X400` or `600`, at the start of a path segment. */
const WxH = /^\/(\d{1,5})(?:[xX](\d{1,5}))?(?=[./]|$)/;
/** `/800/600` or `/800`. */
const W_H = /^\/(\d{1,5})(?:\/(\d{1,5}))?(?=[/.]|$)/;

type Reader = (path: string, query: URLSearchParams) => { size?: Size; text?: string } | undefined;

const byWxH: Reader = (path, query) => {
  const m = WxH.exec(path);
  if (!m) return undefined;
  const size = dims(m[1], m[2]);
  return { ...(size ? { size } : {}), ...textParam(query) };
};
const byW_H: Reader = (path) => {
  const m = W_H.exec(path);
  if (!m) return undefined;
  const size = dims(m[1], m[2]);
  return size ? { size } : {};
};

function textParam(query: URLSearchParams): { text?: string } {
  const text = query.get('text')?.replace(/\+/g, ' ').replace(/\\n/g, ' ').trim();
  return text ? { text } : {};
}

const SERVICES: ReadonlyArray<{ readonly hosts: readonly string[]; readonly read: Reader }> = [
  { hosts: ['placehold.co', 'placehold.it', 'via.placeholder.com', 'placeholder.com', 'fakeimg.pl', 'dummyimage.com', 'placeholder.pics'], read: byWxH },
  {
    hosts: ['picsum.photos'],
    // /800/600, /id/10/800/600, /seed/abc/800/600
    read: (path, query) => byW_H(path.replace(/^\/(?:id|seed)\/[^/]+/, ''), query),
  },
  { hosts: ['placekitten.com', 'placebear.com', 'fillmurray.com', 'placecage.com', 'baconmockup.com', 'placebeard.it'], read: (path, query) => byW_H(path.replace(/^\/g(?=\/)/, ''), query) },
  {
    hosts: ['loremflickr.com', 'placeimg.com'],
    read: (path) => {
      const m = /^\/(?:g\/)?(\d{1,5})\/(\d{1,5})(?:\/([^/?#]+))?/.exec(path);
      if (!m) return undefined;
      const size = dims(m[1], m[2]);
      const words = m[3] && !/^(any|all)$/i.test(m[3]) ? decodeURIComponent(m[3]).replace(/[,_+-]+/g, ' ').trim() : '';
      return { ...(size ? { size } : {}), ...(words ? { text: words } : {}) };
    },
  },
  { hosts: ['dummyjson.com'], read: (path, query) => (path.startsWith('/image/') ? byWxH(path.slice('/image'.length), query) : undefined) },
];

export const PLACEHOLDER_HOSTS: readonly string[] = SERVICES.flatMap((s) => s.hosts);

/** The placeholder an address names, or undefined for any other address. */
export function readPlaceholder(url: string): Placeholder | undefined {
  if (!/^(?:https?:)?\/\//i.test(url)) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url.startsWith('//') ? `https:${url}` : url);
  } catch {
    return undefined;
  }
  const host = parsed.hostname.toLowerCase().replace(/^www\./, '');
  const service = SERVICES.find((s) => s.hosts.includes(host));
  if (!service) return undefined;
  // dummyimage.com writes its text after an `&` in the path: /600x400/000/fff&text=Hi
  const path = decodeURIComponentSafe(parsed.pathname);
  const amp = path.indexOf('&');
  const query = new URLSearchParams(parsed.search);
  if (amp >= 0) for (const [k, v] of new URLSearchParams(path.slice(amp + 1))) query.set(k, v);
  const read = service.read(amp >= 0 ? path.slice(0, amp) : path, query);
  if (!read) return undefined;
  return { service: host, ...read };
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
