import type { AnyProvider, ProviderId } from '../core/types';
import { aithriving } from './aithriving';
import { automatic1111 } from './automatic1111';
import { comfyui } from './comfyui';
import { imagepipeline } from './imagepipeline';
import { openai } from './openai';
import { openaiEdit, openaiEdits } from './openaiEdit';
import { popcord } from './popcord';
import { stability } from './stability';
import { stabilityEdit, stabilityEdits } from './stabilityEdit';

/** Every provider, in the order they are offered. */
export const PROVIDERS: Readonly<Record<ProviderId, AnyProvider>> = {
  popcord: popcord,
  aithriving: aithriving,
  imagepipeline: imagepipeline,
  // Their edits live in files of their own, which read the answers as generations do.
  openai: { ...openai, edits: openaiEdits, edit: openaiEdit },
  stability: { ...stability, edits: stabilityEdits, edit: stabilityEdit },
  automatic1111: automatic1111,
  comfyui: comfyui,
};

