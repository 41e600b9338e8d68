/**
 * The panel's focus comes back where it was when the panel gets the focus back: after
 * VS Code's own dialogs (Delete's confirmation), quick picks and notifications the page
 * finds its focus on the body, and a keyboard user would have to start again from the top.
 */
export function keepFocusAcrossWindowFocus(): void {
  let last: HTMLElement | undefined;
  document.addEventListener('focusin', (event) => {
    if (event.target instanceof HTMLElement) last = event.target;
  });
  window.addEventListener('focus', () => {
    // A click gives focus to what it hit right after this; only an empty-handed return is helped.
    if (document.activeElement !== document.body && document.activeElement !== null) return;
    // Never a text field: the prompt taking the caret on its own is what a click from an editor must not cause.
    if (last instanceof HTMLTextAreaElement || last instanceof HTMLInputElement || last instanceof HTMLSelectElement) return;
    if (last?.isConnected && !last.closest('[hidden]')) last.focus({ preventScroll: true });
  });
}
