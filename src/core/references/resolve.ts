/**
 * Where a written address points in the workspace, as the web tooling resolves it: a
 * relative path from the document's folder; a root-relative `/x.png` from the project's
 * `public/` folder when it has one (Next.js, Vite, Astro, SvelteKit's `static/` is not
 * one), else from the workspace folder. Query strings and `#fragments` are not part of
 * the file; `%20` is a space. Remote addresses, aliases (`~/`, `@/`) and anything that
 * climbs out of the workspace resolve to nothing.
 */
import { IMAGE_FILE } from '../fileNames';
import { relativePath } from '../markdown';


function decode(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Joins and normalizes `/`-separated parts; undefined when `..` climbs above the first. */
export function joinPath(...parts: string[]): string | undefined {
  const out: string[] = [];
  for (const part of parts) {
    for (const segment of part.split('/')) {
      if (segment === '' || segment === '.') continue;
      if (segment === '..') {
        if (out.length === 0) return undefined;
        out.pop();
      } else {
        out.push(segment);
      }
    }
  }
  return out.join('/');
}

export function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export interface ResolveOptions {
  /** The document, relative to the workspace folder, `/`-separated. */
  readonly documentPath: string;
  /** The folder root-relative addresses are served from (`public`, `apps/web/public`), when the project has one. */
  readonly publicDir?: string;
}

/** The workspace-relative file an address names, or undefined when it names none Imagesmith could write. */
export function resolveLocal(url: string, options: ResolveOptions): string | undefined {
  const written = url.trim();
  if (written === '' || /^[a-z][a-z0-9+.-]*:/i.test(written) || written.startsWith('//') || /^[~@]/.test(written)) return undefined;
  const bare = written.replace(/[?#].*$/s, '');
  const path = decode(bare.replace(/\\/g, '/'));
  if (path === '' || path.includes('\0') || !IMAGE_FILE.test(path)) return undefined;
  const resolved = path.startsWith('/') ? joinPath(options.publicDir ?? '', path) : joinPath(dirname(options.documentPath), path);
  return resolved === undefined || resolved === '' ? undefined : resolved;
}

/** The folders, nearest first, whose `public/` would serve a document's root-relative addresses. */
export function publicDirCandidates(documentPath: string): string[] {
  const out: string[] = [];
  let folder = dirname(documentPath);
  for (;;) {
    out.push(folder === '' ? 'public' : `${folder}/public`);
    if (folder === '') return out;
    folder = dirname(folder);
  }
}

/** `../img/hero.png`: the address to write in a document for a workspace file, `%`-escaped where a link needs it. */
export function relativeAddress(documentPath: string, filePath: string): string {
  return relativePath(dirname(documentPath), filePath).split('/').map(encodeSegment).join('/');
}

/** One segment of an address written into a document: `%`-escaped, and the quote and parentheses too, which would end a link. */
export function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[()']/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `/img/hero.png`, served from the site's root (not `//host/…`, which names another host). */
export function isRootRelative(url: string): boolean {
  return url.startsWith('/') && !url.startsWith('//');
}
