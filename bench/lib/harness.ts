/**
 * The project's test harness (scripts/code-server.mjs), loaded once. It is an ES module
 * and the bench runs as CommonJS under tsx, hence the dynamic import.
 */
import type * as Harness from '../../scripts/code-server.mjs' with { 'resolution-mode': 'import' };

export type HarnessModule = typeof Harness;
export type { FixtureUrls } from '../../scripts/code-server.mjs' with { 'resolution-mode': 'import' };

let loaded: Promise<HarnessModule> | undefined;

export function harness(): Promise<HarnessModule> {
  loaded ??= import('../../scripts/code-server.mjs');
  return loaded;
}
