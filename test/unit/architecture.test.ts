/**
 * The structure DESIGN.md describes, checked on every run: which layer may import which,
 * no import cycles, and files small enough to read in one sitting.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const SRC = path.join(__dirname, '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : name.endsWith('.ts') ? [full] : [];
  });
}

const files = sourceFiles(SRC).map((file) => path.relative(SRC, file).replaceAll(path.sep, '/'));

/** The layer of a file, lowest first; a file may import its own layer and those below. */
function layerOf(file: string): string {
  if (file.startsWith('core/')) return 'core';
  if (file.startsWith('providers/')) return 'providers';
  if (file.startsWith('sidebar/protocol/')) return 'protocol';
  if (file.startsWith('host/')) return 'host';
  if (file.startsWith('sidebar/app/')) return 'page';
  if (file.startsWith('sidebar/')) return 'sidebar';
  if (file.startsWith('commands/')) return 'commands';
  if (file.startsWith('tools/')) return 'tools';
  return 'entry';
}

const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  core: ['core'],
  providers: ['core', 'providers'],
  protocol: ['core', 'protocol'],
  host: ['core', 'providers', 'protocol', 'host'],
  // The page runs in the webview: no providers (HTTP) and nothing of the host.
  page: ['core', 'protocol', 'page', 'sidebar/validate'],
  sidebar: ['core', 'providers', 'protocol', 'host', 'sidebar', 'commands'],
  commands: ['core', 'providers', 'protocol', 'host', 'commands'],
  tools: ['core', 'providers', 'protocol', 'host', 'commands', 'sidebar', 'tools'],
  entry: ['core', 'providers', 'protocol', 'host', 'sidebar', 'commands', 'tools', 'entry'],
};

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly typeOnly: boolean;
}

function importsOf(file: string): Edge[] {
  const text = readFileSync(path.join(SRC, file), 'utf8');
  const edges: Edge[] = [];
  for (const match of text.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms)) {
    const spec = match[3] ?? '';
    if (!spec.startsWith('.')) continue;
    let target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
    if (target.endsWith('.js')) target = target.slice(0, -3);
    const resolved = files.includes(`${target}.ts`) ? `${target}.ts` : `${target}/index.ts`;
    edges.push({ from: file, to: resolved, typeOnly: match[2] !== undefined });
  }
  return edges;
}

const edges = files.flatMap(importsOf);

describe('the structure of src/', () => {
  it('finds the files it checks', () => {
    assert.ok(files.length > 50);
    for (const edge of edges) assert.ok(files.includes(edge.to), `${edge.from} imports ${edge.to}, which does not exist`);
  });

  it('keeps vscode out of core/, providers/ and the protocol, and out of the page', () => {
    for (const file of files.filter((f) => ['core', 'providers', 'protocol', 'page'].includes(layerOf(f)))) {
      assert.doesNotMatch(readFileSync(path.join(SRC, file), 'utf8'), /from 'vscode'/, file);
    }
  });

  it('imports only downwards', () => {
    const upward = edges.filter((edge) => {
      const allowed = MAY_IMPORT[layerOf(edge.from)] ?? [];
      return !allowed.includes(layerOf(edge.to)) && !allowed.includes(edge.to.replace(/\.ts$/, ''));
    });
    // The activation entry names main.ts only as a type; it requires it at first use.
    assert.deepEqual(
      upward.map((edge) => `${edge.from} → ${edge.to}`),
      [],
    );
  });

  it('has no import cycles', () => {
    const graph = new Map<string, string[]>();
    for (const edge of edges.filter((e) => !e.typeOnly)) graph.set(edge.from, [...(graph.get(edge.from) ?? []), edge.to]);
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    assert.deepEqual(cycles, []);
  });

  it('keeps every file under 400 lines', () => {
    const long = files
      .map((file) => ({ file, lines: readFileSync(path.join(SRC, file), 'utf8').split('\n').length }))
      .filter(({ lines }) => lines > 400)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    assert.deepEqual(long, []);
  });
});
