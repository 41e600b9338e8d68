/** What a run of reference generations says at the end: what was made where and at what size, and what failed and why. */

export interface MadeImage {
  /** What the reference named: a workspace path or a placeholder URL. */
  readonly wanted: string;
  /** Where the image was saved, relative to the workspace folder. */
  readonly saved: string;
  /** `1216x640 for 1200x630`, `1024x1024`, or undefined when the provider's default size was used. */
  readonly size?: string;
}

export interface FailedImage {
  readonly wanted: string;
  readonly message: string;
}

export function summarize(made: readonly MadeImage[], failed: readonly FailedImage[], cancelled = 0): string {
  const total = made.length + failed.length + cancelled;
  const parts: string[] = [];
  if (made.length > 0) {
    const list = made.map((image) => `${image.saved}${image.saved !== image.wanted ? ` (for ${shorten(image.wanted)})` : ''}${image.size ? `, ${image.size}` : ''}`);
    parts.push(`Imagesmith made ${made.length === total ? (total === 1 ? 'the image' : `all ${total} images`) : `${made.length} of ${total} images`}: ${list.join('; ')}.`);
  } else {
    parts.push(`Imagesmith made none of the ${total === 1 ? 'image' : `${total} images`}.`);
  }
  if (failed.length > 0) parts.push(`Failed: ${failed.map((image) => `${shorten(image.wanted)}: ${image.message}`).join('; ')}`);
  if (cancelled > 0) parts.push(`${cancelled} cancelled.`);
  return parts.join(' ');
}

function shorten(text: string): string {
  return text.length <= 80 ? text : `${text.slice(0, 79)}…`;
}
