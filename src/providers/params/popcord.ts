/** PopCord's parameters: a model and a size, both from the server's own lists when it has them. */
import * as z from 'zod/mini';
import { param } from '../../core/paramMeta';

export const popcordParams = z.strictObject({
  model: param(z._default(z.string().check(z.minLength(1)), 'sdxl-turbo'), { title: 'Model', description: 'The model to generate with.', choices: 'server' }),
  size: param(z._default(z.string().check(z.regex(/^\d{2,5}x\d{2,5}$/, 'must be written WIDTHxHEIGHT, for example 1024x576')), '1024x1024'), {
    title: 'Size',
    description: 'The dimensions of the image.',
    control: 'sizeList',
    choices: 'server',
    restrictedBy: 'model',
  }),
});
