// Types of code-server.mjs, for the TypeScript UI tests that drive it.

import type { Browser, BrowserContext, Page } from 'playwright-core';

export interface FixtureUrls {
  readonly popcord: string;
  readonly aithriving: string;
  readonly imagepipeline: string;
  readonly openai: string;
  readonly stability: string;
  readonly automatic1111: string;
  readonly comfyui: string;
}

export interface FixtureServers {
  readonly urls: FixtureUrls;
  stop(): Promise<void>;
}

export interface SessionDirs {
  readonly root: string;
  readonly workspace: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  remove(): void;
}

export interface SessionDirsOptions {
  /** a short name for the temp folder */
  name?: string;
  /** written to <workspace>/.vscode/settings.json */
  workspaceSettings?: Record<string, unknown>;
  /** merged over QUIET_USER_SETTINGS in <user-data>/User/settings.json */
  userSettings?: Record<string, unknown>;
  /** files to create in the workspace, by path relative to it */
  files?: Record<string, string | Uint8Array>;
}

export interface WorkbenchTarget {
  /** absolute path of the folder to open; an empty window without one */
  folder?: string;
  /** absolute path of an extension to load as under development */
  extensionDevelopmentPath?: string;
  /** absolute path of a module exporting run(), which the extension host runs */
  extensionTestsPath?: string;
}

export interface CodeServer {
  readonly url: string;
  readonly port: number;
  readonly pid: number | undefined;
  onExit(listener: () => void): void;
  /** how it ended, or undefined while it runs */
  exitStatus(): string | undefined;
  /** its last lines of output */
  recentOutput(): string;
  workbenchUrl(target: WorkbenchTarget): string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  workspace: string;
  userDataDir: string;
  extensionsDir: string;
  /** added to this process's environment; reaches the extension host */
  env?: Record<string, string>;
  logFile?: string;
  timeoutMs?: number;
  /** a free port is picked when omitted */
  port?: number;
  /** keep VS Code's Workspace Trust on (default off: tests open trusted folders) */
  workspaceTrust?: boolean;
  /** VS Code's display language (de, ja, zh-cn), with test/fixtures/display-language installed for it */
  displayLanguage?: string;
}

export interface SessionOptions extends SessionDirsOptions {
  name: string;
  /** start test/fixtures/serve.ts and point the providers at it (default true) */
  fixtures?: boolean;
  env?: Record<string, string>;
  /** where code-server's and the fixtures' logs go (default test-results/<name>) */
  logDir?: string;
  /** keep VS Code's Workspace Trust on (default off) */
  workspaceTrust?: boolean;
  /** VS Code's display language (de, ja, zh-cn); English when omitted */
  displayLanguage?: string;
}

export interface Session {
  readonly dirs: SessionDirs;
  readonly codeServer: CodeServer;
  readonly fixtureUrls: FixtureUrls | undefined;
  readonly logDir: string;
  /** copies VS Code's own logs into logDir, before stop() removes them */
  keepVsCodeLogs(): void;
  stop(): Promise<void>;
}

export interface ChromiumSession {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

export declare const projectRoot: string;
export declare const resultsDir: string;
export declare const QUIET_USER_SETTINGS: Readonly<Record<string, unknown>>;
export declare const CHROMIUM_ARGS: readonly string[];

export declare class HarnessError extends Error {}
export declare function explain(error: unknown): string;

/** Installs code-server into .vscode-test/code-server unless it is there already. */
export declare function provision(options?: { force?: boolean; quietWhenCached?: boolean }): Promise<void>;
export declare function providerSettings(urls: FixtureUrls): Record<string, string>;
export declare function createSessionDirs(options?: SessionDirsOptions): SessionDirs;
export declare function findFreePort(): Promise<number>;
export declare function startCodeServer(options: CodeServerOptions): Promise<CodeServer>;
export declare function startFixtureServers(options: { projectRoot: string; logFile?: string; timeoutMs?: number; args?: readonly string[] }): Promise<FixtureServers>;
export declare function launchChromium(options?: { viewport?: { width: number; height: number } }): Promise<ChromiumSession>;
export declare function startSession(options: SessionOptions): Promise<Session>;
