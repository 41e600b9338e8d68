import { strict as assert } from 'node:assert';
import type * as vscode from 'vscode';
import { PanelMemory } from '../../src/host/memory';

/** An in-memory Memento: what VS Code's workspaceState and globalState do, minus the disk. */
class FakeMemento implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, defaultValue?: T): T | undefined {
    return (this.values.has(key) ? this.values.get(key) : defaultValue) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, structuredClone(value));
    return Promise.resolve();
  }
}

describe('panel memory', () => {
  it('keeps the draft per workspace', async () => {
    const workspace = new FakeMemento();
    const memory = new PanelMemory(workspace, new FakeMemento());
    assert.equal(memory.draft('popcord'), undefined);
    const draft = { provider: 'imagepipeline' as const, prompt: 'a fox', negativePrompt: 'blurry', values: { imagepipeline: { samples: 2 } } };
    await memory.saveDraft(draft);
    assert.deepEqual(new PanelMemory(workspace, new FakeMemento()).draft('popcord'), draft);
  });

  it('starts from the last prompt the command used when there is no draft', async () => {
    const global = new FakeMemento();
    await global.update('imagesmith.lastPrompt', 'from the palette');
    assert.deepEqual(new PanelMemory(new FakeMemento(), global).draft('aithriving'), {
      provider: 'aithriving',
      prompt: 'from the palette',
      negativePrompt: '',
      values: {},
    });
  });

  it('drops a damaged or foreign stored draft instead of trusting it', async () => {
    const workspace = new FakeMemento();
    await workspace.update('imagesmith.panel.draft', { provider: 'midjourney', prompt: 5 });
    assert.equal(new PanelMemory(workspace, new FakeMemento()).draft('popcord'), undefined);
    await workspace.update('imagesmith.panel.draft', { provider: 'popcord', prompt: 'x'.repeat(9_000), negativePrompt: '', values: {} });
    assert.equal(new PanelMemory(workspace, new FakeMemento()).draft('popcord'), undefined);
  });

  it('remembers the values last used and the last seed per provider, keeping the seed when a run reports none', async () => {
    const global = new FakeMemento();
    const memory = new PanelMemory(new FakeMemento(), global);
    await memory.remember('aithriving', { steps: 40, seed: 0 }, 1234, 'a castle');
    await memory.remember('imagepipeline', { samples: 2 }, undefined, 'a robot');
    assert.deepEqual(memory.lastUsed('aithriving'), { steps: 40, seed: 0 });
    assert.equal(memory.lastSeed('aithriving'), 1234);
    assert.equal(memory.lastSeed('imagepipeline'), undefined);
    await memory.remember('aithriving', { steps: 20, seed: 0 }, undefined, 'a castle again');
    assert.equal(memory.lastSeed('aithriving'), 1234);
    assert.deepEqual(memory.lastUsed('aithriving'), { steps: 20, seed: 0 });
    assert.equal(global.get('imagesmith.lastPrompt'), 'a castle again');
    await global.update('imagesmith.panel.lastUsed', 'garbage');
    assert.equal(memory.lastUsed('aithriving'), undefined);
  });
});
