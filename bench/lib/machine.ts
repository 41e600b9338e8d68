/** The machine a run was made on, for the record and for BENCHMARKS.md. */
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGB: number;
  readonly node: string;
  readonly os: string;
  readonly kernel: string;
  readonly loadAverage: readonly number[];
  /** The code-server (and VS Code) the tests provision, when installed. */
  readonly vscode?: string;
}

function osName(): string {
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(release)?.[1];
    if (pretty) return pretty;
  } catch {
    // Not Linux, or no os-release: the generic name will do.
  }
  return `${os.type()} ${os.release()}`;
}

function codeServerVersion(projectRoot: string): string | undefined {
  try {
    const base = path.join(process.env.IMAGESMITH_CODE_SERVER_DIR ?? path.join(projectRoot, '.vscode-test', 'code-server'), 'node_modules', 'code-server');
    const read = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version;
    return `code-server ${read(path.join(base, 'package.json'))} (VS Code ${read(path.join(base, 'lib', 'vscode', 'package.json'))})`;
  } catch {
    return undefined;
  }
}

/** True when other work already keeps the cores busy, which makes every figure noisier. */
export function isBusy(machine: Machine): boolean {
  return (machine.loadAverage[0] ?? 0) > machine.cores;
}

export function describeMachine(projectRoot: string): Machine {
  const vscode = codeServerVersion(projectRoot);
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: osName(),
    kernel: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((load) => Math.round(load * 100) / 100),
    ...(vscode ? { vscode } : {}),
  };
}
