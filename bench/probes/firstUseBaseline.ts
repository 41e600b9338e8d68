/**
 * The first-use baseline: an extension whose one command makes PopCord's requests with
 * undici as Imagesmith does (the two lists, then the generation, then the download) and
 * writes the image, with nothing else. Bundled with undici into the extension's only file.
 */
import { request } from 'undici';
import * as vscode from 'vscode';

interface Args {
  readonly baseUrl: string;
  readonly prompt: string;
}

async function json(url: URL, init?: { method: 'POST'; body: string }): Promise<unknown> {
  const response = await request(url, init ? { ...init, headers: { 'content-type': 'application/json' } } : {});
  return response.body.json();
}

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('imagesmithBench.generate', async ({ baseUrl, prompt }: Args) => {
      const base = new URL(baseUrl);
      await Promise.all([json(new URL('models', base)), json(new URL('sizes', base))]);
      const answer = (await json(new URL('image/generate', base), {
        method: 'POST',
        body: JSON.stringify({ model: 'sdxl-turbo', prompt, size: '1024x1024' }),
      })) as { image_url: string };
      const image = await request(answer.image_url);
      const bytes = new Uint8Array(await image.body.arrayBuffer());
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (!folder) throw new Error('no folder open');
      const file = vscode.Uri.joinPath(folder.uri, 'assets', `${Date.now()}.png`);
      await vscode.workspace.fs.writeFile(file, bytes);
      return [file.toString()];
    }),
  );
}

export function deactivate(): void {}
