// The argument form of Generate Image, as the integration tests call it.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseInfotext } from '../../../src/core/infotext';
import { readPngText } from '../../../src/core/pngText';

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

/**
 * For the suite it is called in: generated images are not opened in editors (tests read
 * the files), and the workspace setting is removed again afterwards.
 */
export function leaveImagesClosed(): void {
  const setting = (value: false | undefined) => vscode.workspace.getConfiguration('imagesmith').update('openAfterGeneration', value, vscode.ConfigurationTarget.Workspace);
  before(() => setting(false));
  after(() => setting(undefined));
}

/** The A1111 infotext a saved PNG carries. */
export async function infotextOf(uri: string | vscode.Uri): Promise<ReturnType<typeof parseInfotext>> {
  const bytes = await vscode.workspace.fs.readFile(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri);
  return parseInfotext((await readPngText(bytes)).get('parameters') ?? '');
}

export { exists } from '../../../src/host/fsHelpers';
