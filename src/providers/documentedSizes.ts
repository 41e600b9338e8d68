/**
 * The sizes the providers' documents list, as plain tables. The providers, their parameter
 * schemas and the capabilities (the agent tool's and the exports' size mapping) read them
 * here, so that asking what sizes a provider makes loads none of the providers.
 */

/** PopCord's document; the server's own list goes first when it answers. */
export const POPCORD_SIZES = ['1024x1024', '1024x576', '1024x768', '512x512', '576x1024', '786x1024'] as const;
/** PopCord's document: "poli can accept only 1024x1024 size". */
export const POPCORD_ONLY_SIZE: Readonly<Record<string, string>> = { poli: '1024x1024' };

/** OpenAI's API reference, by model family. */
export const GPT_IMAGE_SIZES = ['auto', '1024x1024', '1536x1024', '1024x1536'] as const;
export const DALLE3_SIZES = ['1024x1024', '1792x1024', '1024x1792'] as const;
export const DALLE2_SIZES = ['256x256', '512x512', '1024x1024'] as const;

/** Stability AI's Stable Image API takes an aspect ratio rather than a size. */
export const STABILITY_ASPECT_RATIOS = ['1:1', '16:9', '21:9', '2:3', '3:2', '4:5', '5:4', '9:16', '9:21'] as const;
