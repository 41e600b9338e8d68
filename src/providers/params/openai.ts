/** OpenAI's image parameters; which model takes which values is openaiProblems' business. */
import * as z from 'zod/mini';
import { choice, param, wholeNumber } from '../../core/paramMeta';

/** The image models of the official SDK's `ImageModel`. */
export const OPENAI_MODELS = ['gpt-image-1', 'gpt-image-1.5', 'gpt-image-1-mini', 'dall-e-3', 'dall-e-2'] as const;

export const openaiParams = z.strictObject({
  model: param(choice(OPENAI_MODELS, 'gpt-image-1'), { title: 'Model', description: 'A GPT image model, or dall-e-3 or dall-e-2 while the API still offers them.' }),
  size: param(choice(['auto', '1024x1024', '1536x1024', '1024x1536', '1792x1024', '1024x1792', '512x512', '256x256'], '1024x1024'), {
    title: 'Size',
    description: 'GPT image models: auto, 1024x1024, 1536x1024, 1024x1536. dall-e-3: 1024x1024, 1792x1024, 1024x1792. dall-e-2: 256x256, 512x512, 1024x1024.',
  }),
  quality: param(choice(['auto', 'low', 'medium', 'high', 'standard', 'hd'], 'auto'), {
    title: 'Quality',
    description: 'GPT image models: low, medium, high. dall-e-3: standard, hd. dall-e-2: standard. auto lets the model choose.',
  }),
  n: param(wholeNumber(1, 10, 1), { title: 'Images', description: '1 to 10; dall-e-3 makes one at a time.' }),
  background: param(choice(['auto', 'opaque', 'transparent'], 'auto'), {
    title: 'Background',
    description: 'GPT image models only; transparent needs the png or webp format.',
  }),
  outputFormat: param(choice(['png', 'jpeg', 'webp'], 'png'), { title: 'Format', description: 'GPT image models only.' }),
  outputCompression: param(wholeNumber(0, 100, 100), { title: 'Compression', description: '0 to 100 %, for jpeg and webp from GPT image models.' }),
  moderation: param(choice(['auto', 'low'], 'auto'), { title: 'Moderation', description: 'GPT image models only; low filters less strictly.' }),
  style: param(choice(['none', 'vivid', 'natural'], 'none'), { title: 'Style', description: 'dall-e-3 only; none lets it choose (vivid).' }),
});

/** What only edits take; the generation parameters above apply to edits too. */
export const openaiEditParams = z.strictObject({
  inputFidelity: param(choice(['low', 'high'], 'low'), {
    title: 'Input fidelity',
    description: 'How closely the GPT image models keep the faces and details of the source; high costs more.',
  }),
});
