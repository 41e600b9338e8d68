// The argument form of Generate Image, as the integration tests call it.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** Generates without questions; the saved files' URIs. */
export async function generate(args: Record<string, unknown>): Promise<string[]> {
  const result = await vscode.commands.executeCommand<string[]>('imagesmith.generateImage', args);
  assert.ok(Array.isArray(result), 'generateImage with arguments resolves to the saved files');
  return result;
}

/** The error the command rejects with; fails when it resolves. */
export async function rejection(args: Record<string, unknown>): Promise<Error> {
  try {
    await vscode.commands.executeCommand('imagesmith.generateImage', args);
  } catch (error) {
    assert.ok(error instanceof Error);
    return error;
  }
  assert.fail('expected the command to reject');
}

/** The workspace folder the tests run in. */
export function workspaceFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests run with a workspace folder open');
  return folder.uri;
}
