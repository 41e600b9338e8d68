/**
 * The values both sides of the generator view agree on: limits, ids, parameter values,
 * failures, the draft and job progress. zod/mini rather than zod: these files are bundled
 * into the webview, where the classic API would cost several times the bytes.
 */
import * as z from 'zod/mini';

import type { ErrorKind } from '../../core/errors';
import { REMEDIES } from '../../core/remedies';
import { PROVIDER_IDS, type Progress } from '../../core/types';

// #region Limits

// The pipeline's own limit (MAX_PROMPT_LENGTH) is not imported: its module pulls the HTTP
// stack into the webview bundle. A unit test keeps the two equal.
export const LIMITS = {
  prompt: 8_000,
  negativePrompt: 2_000,
  /** A string parameter (model id, scheduler, size). */
  paramText: 200,
  paramKeys: 32,
  /** A file name in the output folder; most file systems stop at 255. */
  fileName: 255,
  /** A workspace-relative path, for images saved at an exact path. */
  path: 1_000,
  /** Workspace folders whose output folders the gallery shows. */
  folders: 64,
  galleryImages: 20_000,
  /** Images per metadata request, so that one answer stays small. */
  metadataBatch: 100,
  /** A prompt as shown on hover in the gallery and on a job card. */
  shownPrompt: 1_000,
  message: 2_000,
  /** An export recipe in its text form ("1200x630 cover webp public/hero.webp"). */
  exportText: 300,
  jobs: 50,
  controls: 40,
  options: 200,
} as const;

// #endregion

// #region Shared pieces

export const text = (max: number) => z.string().check(z.maxLength(max));
export const count = (max: number) => z.int().check(z.minimum(0), z.maximum(max));

/** Correlates a request with its result; chosen by whoever sends the request. */
export const messageId = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/));
export const providerId = z.enum(PROVIDER_IDS);

/** A parameter key as the providers' schemas spell them (camelCase). */
export const paramKey = z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/));
export const paramValue = z.union([z.number(), text(LIMITS.paramText), z.boolean(), z.null()]);
export type ParamValue = z.infer<typeof paramValue>;
export const paramValues = z
  .record(paramKey, paramValue)
  .check(z.refine((values) => Object.keys(values).length <= LIMITS.paramKeys, `at most ${LIMITS.paramKeys} parameters`));
export type ParamValues = z.infer<typeof paramValues>;

/** A name inside an output folder: no separators, no `.` or `..`, nothing hidden. */
export const fileName = z
  .string()
  .check(z.minLength(1), z.maxLength(LIMITS.fileName), z.regex(/^(?!\.)[^/\\\0]+$/, 'not a plain file name'));

/** An image in the gallery: which workspace folder's output folder, and the file's name there. */
export const imageRef = z.strictObject({ folder: count(LIMITS.folders - 1), name: fileName });
export type ImageRef = z.infer<typeof imageRef>;

export const ERROR_KINDS = [
  'invalid-input',
  'missing-key',
  'rejected-key',
  'rate-limited',
  'provider',
  'timeout',
  'network',
  'cancelled',
  'not-an-image',
  'file-system',
  'no-workspace',
  'untrusted-address',
] as const satisfies readonly ErrorKind[];

export const failure = z.strictObject({
  kind: z.enum(ERROR_KINDS),
  message: text(LIMITS.message),
  /** The parameter at fault, so that the panel can mark its control. */
  parameter: z.optional(text(64)),
  /** The setting at fault, which Open Settings shows. */
  setting: z.optional(text(120)),
  /** What can be done about it, each one a button beside it. */
  actions: z.array(z.enum(REMEDIES)).check(z.maxLength(REMEDIES.length)),
});
export type Failure = z.infer<typeof failure>;

// #endregion

// #region Draft and progress

/** What the person was writing, kept across hiding the view and reloading the window. */
export const draft = z.strictObject({
  provider: providerId,
  prompt: text(LIMITS.prompt),
  negativePrompt: text(LIMITS.negativePrompt),
  values: z.partialRecord(providerId, paramValues),
  /** The export recipe to run after generating, in its text form; empty for none. */
  export: z.optional(text(LIMITS.exportText)),
  /** When it was last changed: the webview's copy and the host's may differ after a reload, and the newer wins. */
  updatedAt: z.optional(z.number()),
});
export type Draft = z.infer<typeof draft>;

export const progress = z.discriminatedUnion('stage', [
  z.strictObject({ stage: z.literal('queued'), ahead: z.optional(count(1_000)) }),
  z.strictObject({ stage: z.literal('validating') }),
  z.strictObject({ stage: z.literal('sending') }),
  z.strictObject({ stage: z.literal('waiting'), checks: count(1_000_000) }),
  z.strictObject({ stage: z.literal('generating'), fraction: z.number().check(z.minimum(0), z.maximum(1)) }),
  z.strictObject({ stage: z.literal('downloading'), done: count(1_000), total: count(1_000) }),
  z.strictObject({ stage: z.literal('saving') }),
  z.strictObject({ stage: z.literal('saved') }),
]);
export type JobProgress = z.infer<typeof progress>;

// #endregion

// The protocol's lists must stay the core's: a kind or stage added there fails to compile here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const kindsMatch: Same<(typeof ERROR_KINDS)[number], ErrorKind> = true;
const stagesMatch: Same<JobProgress['stage'], Progress['stage']> = true;
void kindsMatch;
void stagesMatch;

// #region Parsing

export type Parsed<T> = { readonly ok: true; readonly message: T } | { readonly ok: false; readonly reason: string };

export function parseWith<T>(schema: z.ZodMiniType<T>, data: unknown): Parsed<T> {
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, message: result.data };
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : 'message';
  const type = typeof data === 'object' && data !== null && 'type' in data ? String(data.type).slice(0, 40) : '?';
  return { ok: false, reason: `${type}: ${where}: ${issue?.message ?? 'invalid'}` };
}
