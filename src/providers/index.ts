import type { AnyProvider, ProviderId } from '../core/types';

/*
 * Each provider's module (its HTTP code and its zod schemas) runs the first time the provider
 * is asked for, not when the extension loads, so that a generation builds one provider's
 * schemas rather than seven (BENCHMARKS.md, first use). `require` rather than `import`
 * because the registry is read synchronously; the bundler keeps each module in main.js and
 * runs it on that first call, and later calls get the same module.
 */

/** OpenAI's and Stability's edits live in files of their own, which read the answers as generations do. */
let openai: AnyProvider | undefined;
let stability: AnyProvider | undefined;

/** Every provider, in the order they are offered. */
export const PROVIDERS = {
  get popcord(): AnyProvider {
    return (require('./popcord') as typeof import('./popcord')).popcord;
  },
  get aithriving(): AnyProvider {
    return (require('./aithriving') as typeof import('./aithriving')).aithriving;
  },
  get imagepipeline(): AnyProvider {
    return (require('./imagepipeline') as typeof import('./imagepipeline')).imagepipeline;
  },
  get openai(): AnyProvider {
    if (openai) return openai;
    const { openaiEdit, openaiEdits } = require('./openaiEdit') as typeof import('./openaiEdit');
    return (openai = { ...(require('./openai') as typeof import('./openai')).openai, edits: openaiEdits, edit: openaiEdit });
  },
  get stability(): AnyProvider {
    if (stability) return stability;
    const { stabilityEdit, stabilityEdits } = require('./stabilityEdit') as typeof import('./stabilityEdit');
    return (stability = { ...(require('./stability') as typeof import('./stability')).stability, edits: stabilityEdits, edit: stabilityEdit });
  },
  get automatic1111(): AnyProvider {
    return (require('./automatic1111') as typeof import('./automatic1111')).automatic1111;
  },
  get comfyui(): AnyProvider {
    return (require('./comfyui') as typeof import('./comfyui')).comfyui;
  },
} as const satisfies Readonly<Record<ProviderId, AnyProvider>>;
