/**
 * What the gallery shows about an image: the prompt from its infotext, and a few
 * fields. The infotext comes from the PNG's `parameters` chunk or, for any format, the
 * same-name `.txt` beside it (as A1111 writes for JPEG and WebP).
 */
import { sidecarName } from '../../core/fileNames';
import { parseInfotext } from '../../core/infotext';
import { LIMITS, type ImageRef } from '../protocol/values';
import { type ImageMeta } from '../protocol/views';
import { scanPngHead } from './pngHead';

/** How the metadata reader gets at the files of one output folder. */
export interface FolderReader {
  /** Up to `length` bytes from the start of the file, and whether that is the whole file. */
  readHead(name: string, length: number): Promise<{ bytes: Uint8Array; complete: boolean }>;
  /** A small text file, or undefined when there is none (or it is larger than `maxBytes`). */
  readText(name: string, maxBytes: number): Promise<string | undefined>;
}

const FIRST_READ = 16 * 1024;
/** Past this a PNG's metadata is not worth the read for a thumbnail's tooltip. */
const MAX_HEAD = 4 * 1024 * 1024;
const MAX_SIDECAR = 256 * 1024;

export async function readInfotext(reader: FolderReader, name: string): Promise<string | undefined> {
  if (/\.png$/i.test(name)) {
    const text = await readPngParameters(reader, name);
    if (text !== undefined) return text;
  }
  return reader.readText(sidecarName(name), MAX_SIDECAR);
}

async function readPngParameters(reader: FolderReader, name: string): Promise<string | undefined> {
  let length = FIRST_READ;
  for (;;) {
    const head = await reader.readHead(name, length);
    const scan = await scanPngHead(head.bytes, head.complete);
    if (scan.kind === 'found') return scan.text;
    if (scan.kind === 'unreadable' || head.complete || scan.need > MAX_HEAD) return undefined;
    length = Math.min(MAX_HEAD, Math.max(scan.need, length * 4));
  }
}

/** The gallery's summary of an infotext; an image without one shows its name only. */
export function summarize(ref: ImageRef, infotext: string | undefined): ImageMeta {
  if (infotext === undefined || infotext.trim() === '') return { folder: ref.folder, name: ref.name, prompt: '' };
  const parsed = parseInfotext(infotext);
  const field = (label: string, max: number) => {
    const value = parsed.fields.get(label)?.trim();
    return value ? value.slice(0, max) : undefined;
  };
  const provider = field('Provider', 40);
  const size = field('Size', 20);
  const seed = field('Seed', 20);
  return {
    folder: ref.folder,
    name: ref.name,
    prompt: clipText(parsed.prompt, LIMITS.shownPrompt),
    ...(provider ? { provider } : {}),
    ...(size ? { size } : {}),
    ...(seed ? { seed } : {}),
  };
}

export function clipText(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}
