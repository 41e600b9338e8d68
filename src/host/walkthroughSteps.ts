import * as vscode from 'vscode';

/**
 * The walkthrough's steps that no single command completes: each is checked off by its
 * context key (`onContext:imagesmith.walkthrough.<step>` in package.json) the first time
 * the person does it, from whichever place they did it.
 */
export type WalkthroughStep = 'generated' | 'reusedSettings' | 'linked';

export function markWalkthroughStep(step: WalkthroughStep): void {
  void vscode.commands.executeCommand('setContext', `imagesmith.walkthrough.${step}`, true);
}
