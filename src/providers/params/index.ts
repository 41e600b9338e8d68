/**
 * Every provider's parameter schema, by provider: what the pipeline resolves, what the
 * panel's controls are made from, and what the webview checks values with. No HTTP code
 * and nothing but zod/mini here, so that the webview can bundle it.
 */
import type { ProviderId } from '../../core/types';
import { aithrivingParams } from './aithriving';
import { automatic1111Params } from './automatic1111';
import { comfyuiParams } from './comfyui';
import { imagepipelineParams } from './imagepipeline';
import { openaiParams } from './openai';
import { popcordParams } from './popcord';
import { stabilityParams } from './stability';

export const PARAMS = {
  popcord: popcordParams,
  aithriving: aithrivingParams,
  imagepipeline: imagepipelineParams,
  openai: openaiParams,
  stability: stabilityParams,
  automatic1111: automatic1111Params,
  comfyui: comfyuiParams,
} as const satisfies Record<ProviderId, unknown>;
