import type { AnyProvider, ProviderId } from '../core/types';
import { aithriving } from './aithriving';
import { automatic1111 } from './automatic1111';
import { comfyui } from './comfyui';
import { imagepipeline } from './imagepipeline';
import { openai } from './openai';
import { popcord } from './popcord';
import { stability } from './stability';

/** Every provider, in the order they are offered. */
export const PROVIDERS: Readonly<Record<ProviderId, AnyProvider>> = {
  popcord: popcord,
  aithriving: aithriving,
  imagepipeline: imagepipeline,
  openai: openai,
  stability: stability,
  automatic1111: automatic1111,
  comfyui: comfyui,
};

