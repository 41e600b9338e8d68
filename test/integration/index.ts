// The extension-test entry point, loaded by the extension host (code-server in CI,
// @vscode/test-electron on a desktop) from out/integration/index.js: it runs the bundled
// *.test.js files next to it with mocha.
//
// In a browser nothing ends with the tests, so the outcome goes to the file named by
// IMAGESMITH_TEST_RESULTS (a JSON summary plus mocha's spec report), which the runner
// outside waits for.

import * as fs from 'node:fs';
import { SourceMap } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import Mocha from 'mocha';
import { reset as resetFixtures } from './support/fixtures';

export interface TestRecord {
  readonly title: string;
  readonly fullTitle: string;
  readonly file: string | undefined;
  readonly state: 'passed' | 'failed' | 'pending';
  readonly durationMs: number | undefined;
  readonly error?: { readonly message: string; readonly stack: string | undefined };
}

export interface TestResults {
  readonly ok: boolean;
  readonly stats: {
    readonly suites: number;
    readonly tests: number;
    readonly passes: number;
    readonly pending: number;
    readonly failures: number;
    readonly durationMs: number;
  };
  readonly tests: readonly TestRecord[];
  /** mocha's spec reporter output, uncoloured */
  readonly report: string;
  /** set when the tests could not even be loaded or run */
  readonly error?: string;
}

function describeError(error: unknown): { message: string; stack: string | undefined } {
  if (error instanceof Error) return { message: error.message, stack: error.stack };
  return { message: String(error), stack: undefined };
}

const sourceMaps = new Map<string, SourceMap | undefined>();

function sourceMapOf(file: string): SourceMap | undefined {
  if (!sourceMaps.has(file)) {
    let map: SourceMap | undefined;
    try {
      map = new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
    } catch {
      map = undefined;
    }
    sourceMaps.set(file, map);
  }
  return sourceMaps.get(file);
}

/**
 * Points stack frames in bundles (the tests', the extension's) back at the TypeScript.
 * The extension host installs its own Error.prepareStackTrace, so Node's
 * --enable-source-maps cannot do it.
 */
export function mapStack(stack: string): string {
  return stack.replace(/(\/[^\s():]+\.js):(\d+):(\d+)/g, (frame, file: string, line: string, column: string) => {
    const map = sourceMapOf(file);
    const entry = map?.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry || !('originalSource' in entry)) return frame;
    const source = entry.originalSource.startsWith('file:')
      ? fileURLToPath(entry.originalSource)
      : path.resolve(path.dirname(file), entry.originalSource);
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

function findTestFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.js'))
    .map((name) => path.join(dir, name))
    .sort();
}

function writeResults(results: TestResults): void {
  const file = process.env.IMAGESMITH_TEST_RESULTS;
  if (!file) return;
  // Written whole, then renamed, so the runner never reads half a file.
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  fs.writeFileSync(partial, `${JSON.stringify(results, null, 2)}\n`);
  fs.renameSync(partial, file);
}

export async function run(): Promise<void> {
  const reportLines: string[] = [];
  const tests: TestRecord[] = [];
  const started = Date.now();
  const originalConsoleLog = Mocha.reporters.Base.consoleLog;
  // Every built-in reporter prints through Base.consoleLog; catching it there keeps the
  // spec report for the results file while it still reaches the console (and, on a
  // desktop, test-electron's output).
  Mocha.reporters.Base.consoleLog = (...data: unknown[]) => {
    const line = format(...data);
    reportLines.push(line);
    originalConsoleLog(line);
  };

  const timeout = Number(process.env.IMAGESMITH_TEST_TIMEOUT_MS ?? 30_000);
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout,
    reporter: 'spec',
    ...(process.env.IMAGESMITH_TEST_GREP ? { grep: process.env.IMAGESMITH_TEST_GREP } : {}),
  });

  // Every test starts with fixture servers that have no fault and no recorded requests,
  // whatever the test before it left behind. Root hooks run before a suite's own
  // beforeEach, so a fault set there (or in the test) still holds.
  if (process.env.IMAGESMITH_FIXTURE_URLS) {
    mocha.rootHooks({ beforeEach: async () => resetFixtures() });
  }

  const relative = (file: string | undefined) => (file ? path.relative(__dirname, file) : undefined);
  const record = (test: Mocha.Test, state: TestRecord['state'], error?: unknown) => {
    tests.push({
      title: test.title,
      fullTitle: test.fullTitle(),
      file: relative(test.file),
      state,
      durationMs: test.duration,
      ...(error === undefined ? {} : { error: describeError(error) }),
    });
  };

  try {
    for (const file of findTestFiles(__dirname)) mocha.addFile(file);
    const { failures, stats } = await new Promise<{ failures: number; stats: Mocha.Stats | undefined }>((resolve, reject) => {
      try {
        const runner = mocha.run((failures) => resolve({ failures, stats: runner.stats }));
        runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, (test: Mocha.Test) => record(test, 'passed'));
        runner.on(Mocha.Runner.constants.EVENT_TEST_PENDING, (test: Mocha.Test) => record(test, 'pending'));
        runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test: Mocha.Test, error: unknown) => {
          // Before the spec reporter prints it at the end.
          if (error instanceof Error && error.stack) error.stack = mapStack(error.stack);
          record(test, 'failed', error);
        });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    const results: TestResults = {
      ok: failures === 0 && (stats?.tests ?? 0) > 0,
      stats: {
        suites: stats?.suites ?? 0,
        tests: stats?.tests ?? 0,
        passes: stats?.passes ?? 0,
        pending: stats?.pending ?? 0,
        failures: stats?.failures ?? failures,
        durationMs: Date.now() - started,
      },
      tests,
      report: reportLines.join('\n'),
      ...((stats?.tests ?? 0) === 0 ? { error: 'no tests ran (check IMAGESMITH_TEST_GREP and the *.test.ts files)' } : {}),
    };
    writeResults(results);
    if (!results.ok) throw new Error(results.error ?? `${failures} integration test(s) failed`);
  } catch (error) {
    if (!fs.existsSync(process.env.IMAGESMITH_TEST_RESULTS ?? '')) {
      const { message, stack } = describeError(error);
      writeResults({
        ok: false,
        stats: { suites: 0, tests: tests.length, passes: 0, pending: 0, failures: 0, durationMs: Date.now() - started },
        tests,
        report: reportLines.join('\n'),
        error: stack ?? message,
      });
    }
    throw error;
  } finally {
    Mocha.reporters.Base.consoleLog = originalConsoleLog;
  }
}
