/**
 * Long addresses and prompts cut to fit a title, a quick-pick row or a summary, with an
 * ellipsis where the cut is.
 */

/** `text` at most `max` characters long, its end cut: for words read from the start. */
export function clipEnd(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** `text` at most `max` characters long, its start cut: for a path, whose file name is at its end. */
export function clipStart(text: string, max: number): string {
  return text.length <= max ? text : `…${text.slice(-(max - 1))}`;
}
