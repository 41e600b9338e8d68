import type { AnyProvider, ProviderId } from '../core/types';
import { aithriving } from './aithriving';
import { imagepipeline } from './imagepipeline';
import { popcord } from './popcord';

/** Every provider, in the order they are offered. */
export const PROVIDERS: Readonly<Record<ProviderId, AnyProvider>> = {
  popcord: popcord,
  aithriving: aithriving,
  imagepipeline: imagepipeline,
};

