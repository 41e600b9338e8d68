import type { AnyProvider, ProviderId } from '../core/types';
import { aithriving, aithrivingParamsFromInfotext } from './aithriving';
import type { ParamsFromInfotext } from './fromInfotext';
import { imagepipeline, imagepipelineParamsFromInfotext } from './imagepipeline';
import { ONLY_SIZE, popcord, popcordParamsFromInfotext } from './popcord';

/** Every provider, in the order they are offered. */
export const PROVIDERS: Readonly<Record<ProviderId, AnyProvider>> = {
  popcord: popcord as unknown as AnyProvider,
  aithriving: aithriving as unknown as AnyProvider,
  imagepipeline: imagepipeline as unknown as AnyProvider,
};

/** Each provider's reading of A1111 fields back into its parameters ("Use these settings"). */
export const PARAMS_FROM_INFOTEXT: Readonly<Record<ProviderId, ParamsFromInfotext>> = {
  popcord: popcordParamsFromInfotext,
  aithriving: aithrivingParamsFromInfotext,
  imagepipeline: imagepipelineParamsFromInfotext,
};

/** Models that accept only one size, per provider. */
export const ONLY_SIZE_FOR_MODEL: Readonly<Partial<Record<ProviderId, Readonly<Record<string, string>>>>> = {
  popcord: ONLY_SIZE,
};
