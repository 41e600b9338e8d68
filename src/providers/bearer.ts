/**
 * OpenAI's and Stability AI's APIs take the key as a Bearer token; their multipart
 * requests (Stability's generations, both providers' edits) are sent the same way.
 */
import type { FormData } from 'undici';
import type { FormResponse } from '../core/httpAnswer';
import type { ProviderContext } from '../core/types';

export const bearer = (ctx: ProviderContext): { authorization: string } => ({ authorization: `Bearer ${ctx.apiKey ?? ''}` });

/** Posts `form` to `path` under the provider's address, after saying the request is on its way. */
export function postBearerForm(ctx: ProviderContext, path: string, form: FormData, accept: string): Promise<FormResponse> {
  ctx.progress({ stage: 'sending' });
  return ctx.http.postForm(new URL(path, ctx.baseUrl), form, { signal: ctx.signal, headers: { ...bearer(ctx), accept } });
}
