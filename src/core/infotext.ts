/**
 * AUTOMATIC1111 "infotext", the `parameters` text that A1111, ComfyUI readers and
 * civitai understand:
 *
 *     a cat in a hat,
 *     watercolor
 *     Negative prompt: blurry
 *     Steps: 30, Sampler: K_EULER, CFG scale: 7, Seed: 123, Size: 1024x1024
 *
 * The rules follow A1111's modules/infotext_utils.py (`quote`, `unquote`,
 * `parse_generation_parameters`), so that files written here read the same there.
 */
import type { InfotextField } from './types';

export interface InfotextInput {
  readonly prompt: string;
  readonly negativePrompt?: string;
  readonly fields: readonly InfotextField[];
}

export interface ParsedInfotext {
  readonly prompt: string;
  /** Empty when there is none. */
  readonly negativePrompt: string;
  /** Labels to values, unquoted, in the order they were written. */
  readonly fields: Map<string, string>;
}

const NEGATIVE_PREFIX = 'Negative prompt:';

// A1111's re_param. Python's `\w` matches any letter or digit, hence the Unicode classes.
const KEY = String.raw`[\p{L}\p{N}_][\p{L}\p{N}_ \-/]+`;
const VALUE = String.raw`"(?:\\.|[^\\"])+"|[^,]*`;
const PARAM = String.raw`\s*(${KEY}):\s*(${VALUE})(?:,|$)`;
const LABEL_RE = new RegExp(`^${KEY}$`, 'u');

/** A value goes in quotes when it would otherwise end early, spill lines or be trimmed. */
function needsQuotes(value: string): boolean {
  return value === '' || /[,:"\n\r]/.test(value) || value.trim() !== value;
}

function valueText(value: InfotextField[1]): string {
  if (typeof value === 'number') {
    // Trims float noise (0.1 + 0.2) without touching integers such as large seeds.
    return Number.isInteger(value) || !Number.isFinite(value) ? String(value) : String(Number(value.toPrecision(12)));
  }
  return String(value);
}

/** A1111's quote(): JSON string syntax for values with separators in them. */
function quote(value: string): string {
  return needsQuotes(value) ? JSON.stringify(value) : value;
}

function unquote(value: string): string {
  if (value.length < 2 || !value.startsWith('"') || !value.endsWith('"')) return value;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'string' ? parsed : value;
  } catch {
    return value;
  }
}

function normalizeText(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}

/**
 * The infotext for a generation: the prompt (its lines kept), a `Negative prompt:` line
 * when there is a negative prompt, then `Label: value` pairs on one line. Line endings
 * become `\n` and the prompts are trimmed. Throws a RangeError for a label A1111's
 * parser would not read back (it must start with a letter, digit or underscore and
 * hold only those, spaces, hyphens and slashes, two characters at least).
 */
export function formatInfotext(input: InfotextInput): string {
  const lines: string[] = [];
  const prompt = normalizeText(input.prompt);
  if (prompt) lines.push(prompt);
  const negative = normalizeText(input.negativePrompt ?? '');
  if (negative) lines.push(`${NEGATIVE_PREFIX} ${negative}`);
  const pairs = input.fields.map(([label, value]) => {
    if (!LABEL_RE.test(label)) throw new RangeError(`"${label}" cannot be an infotext label`);
    return `${label}: ${quote(valueText(value))}`;
  });
  if (pairs.length > 0) lines.push(pairs.join(', '));
  return lines.join('\n');
}

function paramPairs(line: string): Array<[string, string]> {
  return Array.from(line.matchAll(new RegExp(PARAM, 'gu')), (m): [string, string] => [m[1] ?? '', m[2] ?? '']);
}

/** Whether the pattern reads the whole line, with nothing skipped between pairs. */
function isAllPairs(line: string): boolean {
  const re = new RegExp(PARAM, 'uy');
  while (re.lastIndex < line.length) {
    const before = re.lastIndex;
    if (!re.exec(line) || re.lastIndex === before) return false;
  }
  return true;
}

/**
 * A1111 takes the last line for parameters when its pattern finds three pairs in it.
 * One or two pairs also count here when they make up the whole line and a prompt comes
 * before it, so that what formatInfotext writes with few fields reads back; a lone line
 * such as "portrait: a woman" stays a prompt.
 */
function isParamsLine(line: string, pairs: number, hasLinesBefore: boolean): boolean {
  if (line.trimStart().startsWith(NEGATIVE_PREFIX)) return false;
  if (pairs >= 3) return true;
  return pairs > 0 && hasLinesBefore && isAllPairs(line);
}

/**
 * Reads infotext back: the last line is the parameters when it looks like them (see
 * isParamsLine), the lines from one starting with `Negative prompt:` are the negative
 * prompt, the lines before are the prompt. Quoted values are unquoted; a label seen
 * twice keeps its last value, as in A1111. Any text parses; text with no parameters
 * line is all prompt.
 */
export function parseInfotext(text: string): ParsedInfotext {
  const lines = normalizeText(text).split('\n');
  const fields = new Map<string, string>();
  const last = lines[lines.length - 1] ?? '';
  const pairs = paramPairs(last);
  if (isParamsLine(last, pairs.length, lines.length > 1)) {
    lines.pop();
    for (const [label, value] of pairs) fields.set(label, unquote(value));
  }
  const negativeAt = lines.findIndex((line) => line.trimStart().startsWith(NEGATIVE_PREFIX));
  const promptLines = negativeAt < 0 ? lines : lines.slice(0, negativeAt);
  const negativeLines = negativeAt < 0 ? [] : lines.slice(negativeAt);
  if (negativeLines.length > 0) {
    negativeLines[0] = (negativeLines[0] ?? '').trimStart().slice(NEGATIVE_PREFIX.length);
  }
  return {
    prompt: promptLines.join('\n').trim(),
    negativePrompt: negativeLines.join('\n').trim(),
    fields,
  };
}
