/**
 * What each provider can do, for callers that choose values for it (a language model
 * through the chat tools): the sizes it accepts, how many images one request makes,
 * whether it can make a transparent background, and whether it costs money.
 */
import type { SizeRule } from '../core/sizes';
import type { ProviderId } from '../core/types';
import { DALLE3_SIZES, GPT_IMAGE_SIZES, POPCORD_ONLY_SIZE, POPCORD_SIZES, STABILITY_ASPECT_RATIOS } from './documentedSizes';

/** Resolved parameter values, and the server's lists where the provider has them (PopCord's sizes). */
export interface CapabilityContext {
  readonly params: Readonly<Record<string, unknown>>;
  readonly lists?: Readonly<Record<string, readonly string[]>>;
}

export interface Capabilities {
  /** Whether each image costs money (credits on the provider's account). */
  readonly paid: boolean;
  /** The sizes the provider accepts with these parameters (a model may narrow them). */
  sizeRule(ctx: CapabilityContext): SizeRule;
  /** The parameter that sets how many images one request makes, and its largest value; none makes one. */
  readonly count?: { readonly param: string; max(ctx: CapabilityContext): number };
  /** How to ask for a transparent background, when the provider can make one. */
  readonly transparency?: string;
}

const grid = (min: number, max: number, step: number): SizeRule => ({ kind: 'grid', width: 'width', height: 'height', min, max, step });

const openaiModel = (ctx: CapabilityContext) => (typeof ctx.params.model === 'string' ? ctx.params.model : 'gpt-image-1');

export const CAPABILITIES: Readonly<Record<ProviderId, Capabilities>> = {
  popcord: {
    paid: false,
    sizeRule: (ctx) => {
      const only = typeof ctx.params.model === 'string' ? POPCORD_ONLY_SIZE[ctx.params.model] : undefined;
      return { kind: 'list', param: 'size', sizes: only ? [only] : (ctx.lists?.size ?? POPCORD_SIZES) };
    },
  },
  aithriving: { paid: true, sizeRule: () => grid(320, 1536, 64) },
  // The API takes any size; SDXL works in steps of 8 pixels.
  imagepipeline: { paid: true, sizeRule: () => grid(64, 2048, 8), count: { param: 'samples', max: () => 4 } },
  openai: {
    paid: true,
    sizeRule: (ctx) => ({
      kind: 'list',
      param: 'size',
      sizes: openaiModel(ctx) === 'dall-e-3' ? DALLE3_SIZES : GPT_IMAGE_SIZES.filter((size) => size !== 'auto'),
    }),
    count: { param: 'n', max: (ctx) => (openaiModel(ctx) === 'dall-e-3' ? 1 : 10) },
    transparency: 'GPT image models: params {"background": "transparent", "outputFormat": "png"} (or "webp")',
  },
  stability: { paid: true, sizeRule: () => ({ kind: 'ratio', param: 'aspectRatio', ratios: STABILITY_ASPECT_RATIOS }) },
  automatic1111: { paid: false, sizeRule: () => grid(64, 2048, 8), count: { param: 'batchSize', max: () => 8 } },
  comfyui: { paid: false, sizeRule: () => grid(64, 8192, 8) },
};
