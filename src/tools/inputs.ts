/**
 * The chat tools' names and inputs. The JSON schemas the model reads are in package.json
 * (`contributes.languageModelTools`); these zod schemas check the same fields again in
 * the tool, so that a caller that skipped the schema gets a message, not a surprise.
 */
import * as z from 'zod/mini';
import { MAX_WANTED_SIDE } from '../core/sizes';
import { PROVIDER_IDS } from '../core/types';
import '../core/zodMessages';

export const GENERATE_TOOL = 'imagesmith_generateImage';
export const LIST_PROVIDERS_TOOL = 'imagesmith_listProviders';

const side = z.int().check(z.gte(1), z.lte(MAX_WANTED_SIDE));

export const generateToolInput = z.strictObject({
  prompt: z.string().check(z.minLength(1)),
  provider: z.optional(z.enum(PROVIDER_IDS)),
  path: z.optional(z.string()),
  width: z.optional(side),
  height: z.optional(side),
  negativePrompt: z.optional(z.string()),
  params: z.optional(z.record(z.string(), z.unknown())),
  count: z.optional(z.int().check(z.gte(1), z.lte(10))),
  /** An image in the workspace to start from: the prompt says how to change it. */
  image: z.optional(z.string().check(z.minLength(1))),
  /** Derived files from the first image, as imagesmith.exportImage takes them; the recipe is read by parseRecipe. */
  export: z.optional(z.strictObject({ recipe: z.unknown(), path: z.optional(z.string().check(z.minLength(1))) })),
});

export type GenerateToolInput = z.infer<typeof generateToolInput>;

export const listProvidersToolInput = z.strictObject({});

/** The input, or a message that says which field is wrong and how, for the model to correct. */
export function parseToolInput<T>(schema: z.ZodMiniType<T>, input: unknown, tool: string): { ok: true; value: T } | { ok: false; message: string } {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  const problems = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.length ? `"${issue.path.join('.')}"` : 'the input'}: ${issue.message}`);
  return { ok: false, message: `${tool}: ${problems.join('; ')}.` };
}
