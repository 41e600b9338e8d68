import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { filtering, matches, NO_FILTER } from '../../src/sidebar/app/galleryFilter';
import { Selection } from '../../src/sidebar/app/selection';
import { tileContext } from '../../src/sidebar/protocol/views';
import { TILE_ACTIONS, TILE_EDIT_COMMANDS, tileCommandId } from '../../src/sidebar/protocol/tileActions';

describe('gallery filter', () => {
  const fox = { prompt: 'A watercolor Fox under a red umbrella', provider: 'aithriving' };

  it('lets everything through when empty, metadata or not', () => {
    assert.equal(filtering(NO_FILTER), false);
    assert.equal(matches(NO_FILTER, 'a.png', undefined), true);
    assert.equal(filtering({ text: '   ', provider: '' }), false);
  });

  it('matches every word of the text in the prompt or the name, in any case', () => {
    assert.equal(matches({ text: 'fox RED', provider: '' }, 'a.png', fox), true);
    assert.equal(matches({ text: 'fox blue', provider: '' }, 'a.png', fox), false);
    assert.equal(matches({ text: 'sunset', provider: '' }, '20240101-sunset.png', { prompt: '' }), true);
  });

  it('matches the provider the file names, in any case', () => {
    assert.equal(matches({ text: '', provider: 'AIThriving' }, 'a.png', fox), true);
    assert.equal(matches({ text: 'fox', provider: 'popcord' }, 'a.png', fox), false);
    assert.equal(matches({ text: '', provider: 'popcord' }, 'a.png', { prompt: 'x' }), false);
  });

  it('cannot tell before the metadata has arrived', () => {
    assert.equal(matches({ text: 'fox', provider: '' }, 'a.png', undefined), undefined);
  });
});

describe('gallery selection', () => {
  const order = ['a', 'b', 'c', 'd', 'e'];

  it('toggles one at a time and lists the selection in the given order', () => {
    const selection = new Selection();
    selection.toggle('d');
    selection.toggle('b');
    assert.deepEqual(selection.inOrder(order), ['b', 'd']);
    selection.toggle('d');
    assert.deepEqual(selection.inOrder(order), ['b']);
    assert.equal(selection.size, 1);
  });

  it('extends from the anchor in either direction, replacing the rest', () => {
    const selection = new Selection();
    selection.toggle('b');
    selection.extend('d', order);
    assert.deepEqual(selection.inOrder(order), ['b', 'c', 'd']);
    selection.extend('a', order);
    assert.deepEqual(selection.inOrder(order), ['a', 'b']);
  });

  it('extends from the clicked one alone when there is no anchor', () => {
    const selection = new Selection();
    selection.extend('c', order);
    assert.deepEqual(selection.inOrder(order), ['c']);
    selection.extend('not-shown', order);
    assert.deepEqual(selection.inOrder(order), ['c']);
  });

  it('selects all that is shown, clears, and forgets what went away', () => {
    const selection = new Selection();
    selection.all(order);
    assert.equal(selection.size, 5);
    selection.keep(new Set(['a', 'e']));
    assert.deepEqual(selection.inOrder(order), ['a', 'e']);
    selection.clear();
    assert.equal(selection.size, 0);
  });
});

describe('tile context (the right-click menu’s argument)', () => {
  const given = { webview: 'imagesmith.generator', webviewSection: 'tile', folder: 0, name: 'a.png', preventDefaultContextMenuItems: true };

  it('takes what VS Code hands the menu’s commands', () => {
    assert.deepEqual(tileContext.parse(given), given);
    assert.ok(tileContext.safeParse({ webviewSection: 'tile', folder: 2, name: 'b c.jpg' }).success);
  });

  it('refuses anything else', () => {
    for (const bad of [
      undefined,
      'a.png',
      { ...given, webview: 'other.view' },
      { ...given, webviewSection: 'job' },
      { ...given, name: '../secrets.png' },
      { ...given, name: 'sub/a.png' },
      { ...given, folder: -1 },
      { ...given, folder: 64 },
      { ...given, extra: 1 },
    ]) {
      assert.equal(tileContext.safeParse(bad).success, false, JSON.stringify(bad));
    }
  });

  it('has one contributed, palette-hidden command per action, all in the tile menu', () => {
    const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { contributes: unknown };
    const contributes = manifest.contributes as {
      commands: { command: string }[];
      menus: Record<string, { command: string; when?: string }[]>;
    };
    const ids = TILE_ACTIONS.map(tileCommandId);
    const contributed = new Set(contributes.commands.map((command) => command.command));
    assert.deepEqual(
      ids.filter((id) => !contributed.has(id)),
      [],
    );
    const hidden = new Set((contributes.menus.commandPalette ?? []).filter((item) => item.when === 'false').map((item) => item.command));
    assert.deepEqual(
      ids.filter((id) => !hidden.has(id)),
      [],
    );
    const menu = contributes.menus['webview/context'] ?? [];
    assert.deepEqual(
      menu.map((item) => item.command).filter((id) => !(TILE_EDIT_COMMANDS as readonly string[]).includes(id)),
      ids,
    );
    for (const id of TILE_EDIT_COMMANDS) assert.ok(menu.some((item) => item.command === id) && contributed.has(id) && hidden.has(id), `${id} is in the tile menu only`);
    for (const item of menu) assert.equal(item.when, "webviewId == 'imagesmith.generator' && webviewSection == 'tile'");
  });
});
