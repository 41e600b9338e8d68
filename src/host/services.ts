/**
 * The services the commands, the chat tools and the panel are given, built once in main.ts.
 */
import type * as vscode from 'vscode';
import type { PixelEngine } from '../core/export/engine';
import type { ExportService } from './exportService';
import type { GenerationService } from './generationService';
import type { KeyStore } from './keyStore';
import type { LogChannel } from './log';
import type { PanelMemory } from './memory';
import type { Settings } from './settings';
import type { TrustedAddresses } from './trustedAddresses';

export interface CommandServices {
  readonly context: vscode.ExtensionContext;
  readonly keys: KeyStore;
  readonly settings: Settings;
  readonly log: LogChannel;
  readonly generator: GenerationService;
  readonly addresses: TrustedAddresses;
  /** What the panel remembers: its draft and the values last used with each provider. */
  readonly memory: PanelMemory;
  readonly images: PixelEngine;
  readonly exporter: ExportService;
  /** How many image workers make thumbnails at once. */
  readonly imageWorkers?: number;
}
