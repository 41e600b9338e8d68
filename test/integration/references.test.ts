import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseInfotext } from '../../src/core/infotext';
import { readPngText } from '../../src/core/pngText';
import { makePng } from '../fixtures/images';
import { workspaceFolder, leaveImagesClosed, exists } from './support/commands';
import { receivedRequests, type RecordedRequest } from './support/fixtures';
import { answerQuickInput } from './support/workbench';

const at = (relative: string) => vscode.Uri.joinPath(workspaceFolder(), relative);

async function write(relative: string, text: string): Promise<vscode.TextDocument> {
  await vscode.workspace.fs.writeFile(at(relative), new TextEncoder().encode(text));
  return vscode.workspace.openTextDocument(at(relative));
}

async function infotext(uri: vscode.Uri): Promise<ReturnType<typeof parseInfotext>> {
  return parseInfotext((await readPngText(await vscode.workspace.fs.readFile(uri))).get('parameters') ?? '');
}

async function quickFixes(document: vscode.TextDocument, line: number, character = 0): Promise<vscode.CodeAction[]> {
  const position = new vscode.Position(line, character);
  const actions = await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(position, position));
  return actions.filter((action): action is vscode.CodeAction => 'kind' in action && action.title.startsWith('Generate image with Imagesmith'));
}

async function popcordSizes(): Promise<string[]> {
  const requests = (await receivedRequests('popcord')) as RecordedRequest[];
  return requests.filter((request) => request.method === 'POST').map((request) => String((request.json as { size?: unknown }).size));
}

const missingImages = async (args: unknown): Promise<string[]> => vscode.commands.executeCommand<string[]>('imagesmith.generateMissingImages', args);

describe('Images a document refers to', function () {
  this.timeout(60_000);
  leaveImagesClosed();


  it('offers the quick fix on a missing image and a placeholder, not on an image that exists or a remote one', async () => {
    await vscode.workspace.fs.writeFile(at('qf/img/there.png'), makePng(8, 8));
    const document = await write(
      'qf/page.md',
      ['# Harbour', '', '![A lighthouse at dusk](img/lighthouse.png)', '![Here](img/there.png)', '![Remote](https://example.com/a.png)', '![Box](https://placehold.co/600x400)', ''].join('\n'),
    );
    const [onMissing] = await quickFixes(document, 2, 5);
    assert.ok(onMissing, 'a quick fix on the missing image');
    assert.equal(onMissing.title, 'Generate image with Imagesmith…');
    assert.equal(onMissing.kind?.value, 'quickfix.imagesmith');
    assert.equal(onMissing.command?.command, 'imagesmith.generateReferencedImage');
    assert.deepEqual(await quickFixes(document, 3), [], 'no quick fix on an image that exists');
    assert.deepEqual(await quickFixes(document, 4), [], 'none on a remote image');
    assert.equal((await quickFixes(document, 5)).length, 1, 'one on a placeholder');
    assert.deepEqual(await quickFixes(document, 0), [], 'none on a heading');
  });

  it('generates the quick fix\'s image at exactly the referenced path after the confirmation, with its parameters inside', async () => {
    const document = await write('qf2/index.html', '<h1>Harbour</h1>\n<img src="img/hero.png" alt="A lighthouse at dusk" width="1024" height="576">\n');
    const [action] = await quickFixes(document, 1, 12);
    assert.ok(action?.command);
    const running = vscode.commands.executeCommand<string[]>(action.command.command, ...((action.command.arguments ?? []) as unknown[]));
    const seen = await answerQuickInput('A lighthouse at dusk, oil painting');
    assert.match(seen.title, /img\/hero\.png/);
    assert.match(seen.prompt, /PopCord/);
    assert.match(seen.prompt, /1024×576/);
    const files = await running;
    assert.equal(files.length, 1);
    assert.equal(vscode.Uri.parse(files[0] ?? '').path, at('qf2/img/hero.png').path);
    const info = await infotext(at('qf2/img/hero.png'));
    assert.equal(info.prompt, 'A lighthouse at dusk, oil painting');
    assert.equal(info.fields.get('Size'), '1024x576');
    assert.deepEqual(await quickFixes(document, 1, 12), [], 'no quick fix once the file is there');
  });

  it('generates every missing and placeholder image of a file with arguments, rewrites placeholders with one undoable edit and fills empty alts', async () => {
    const document = await write(
      'site/index.html',
      [
        '<h1>Our harbour</h1>',
        '<img src="img/hero.png" alt="A lighthouse at dusk" width="1200" height="630">',
        '<img src="https://placehold.co/600x400?text=Fishing+boats" alt="">',
        '<img src="img/hero.png" alt="the same file again">',
        '<div style="background: url(\'img/bg%20tile.png?v=3\')"></div>',
        '',
      ].join('\n'),
    );
    const files = await missingImages({ uri: document.uri.toString(), provider: 'popcord' });
    assert.equal(files.length, 3, files.join('\n'));
    assert.ok(await exists(at('site/img/hero.png')));
    assert.ok(await exists(at('site/img/bg tile.png')), 'the query string is not part of the file, %20 is a space');
    const placeholder = files.map((uri) => vscode.Uri.parse(uri)).find((uri) => uri.path.includes('/assets/'));
    assert.ok(placeholder, `the placeholder's image went into the output folder: ${files.join(', ')}`);
    assert.equal((await infotext(placeholder)).prompt, 'Fishing boats');
    const sizes = await popcordSizes();
    // 1200x630 and 600x400 become PopCord's nearest listed size; the CSS background has none and gets the default.
    assert.deepEqual(sizes.sort(), ['1024x1024', '1024x576', '1024x576']);
    const name = placeholder.path.slice(placeholder.path.lastIndexOf('/') + 1);
    const text = document.getText();
    assert.match(text, new RegExp(`<img src="\\.\\./assets/${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" alt="Fishing boats">`));
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    assert.match(document.getText(), /placehold\.co\/600x400\?text=Fishing\+boats" alt=""/, 'one undo brings the placeholder back');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('resolves a root-relative path in a project with a public/ folder into public/', async () => {
    await vscode.workspace.fs.createDirectory(at('web/public'));
    const document = await write('web/app/page.tsx', 'export default function Page() {\n  return <Image src="/team.png" width={1024} height={1024} alt="Our team on the quay" />;\n}\n');
    const files = await missingImages({ uri: document.uri.toString() });
    assert.deepEqual(files.map((uri) => vscode.Uri.parse(uri).path), [at('web/public/team.png').path]);
  });

  it('resolves to no files when nothing is missing, and rejects bad arguments saying what is wrong', async () => {
    const document = await write('nothing/notes.md', '# Notes\n\nNo images here.\n');
    assert.deepEqual(await missingImages({ uri: document.uri.toString() }), []);
    await assert.rejects(missingImages({ uri: document.uri.toString(), provider: 'nope' }), /imagesmith\.generateMissingImages: "provider"/);
    await assert.rejects(missingImages({ uri: document.uri.toString(), extra: 1 }), /imagesmith\.generateMissingImages/);
    const text = await write('nothing/data.txt', '![a](b.png)');
    await assert.rejects(missingImages({ uri: text.uri.toString() }), /looks for images in Markdown/);
  });
});
