import * as vscode from 'vscode';
import { describeProgress } from '../core/progressText';
import type { ActiveGeneration, GenerationActivity } from './generationActivity';

export const STATUS_BAR_ID = 'imagesmith.generations';

function stage(generation: ActiveGeneration): string {
  return `${generation.providerLabel}: ${describeProgress(generation.progress)}`;
}

/**
 * A status-bar item while generations run: how many, and what the newest is doing; a
 * click opens the panel, where each has its card and Cancel. Hidden when none runs.
 */
export class GenerationStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly activity: GenerationActivity) {
    this.item = vscode.window.createStatusBarItem(STATUS_BAR_ID, vscode.StatusBarAlignment.Left, 50);
    this.item.name = vscode.l10n.t('Imagesmith Generations');
    this.item.command = { command: 'imagesmith.openGenerator', title: vscode.l10n.t('Open Image Generator') };
    this.subscription = activity.onDidChange(() => this.update());
  }

  private update(): void {
    const running = this.activity.current();
    const newest = running[running.length - 1];
    if (!newest) {
      this.item.hide();
      return;
    }
    const count = running.length === 1 ? vscode.l10n.t('1 generation') : vscode.l10n.t('{0} generations', running.length);
    const text = `${count} · ${stage(newest)}`;
    this.item.text = `$(loading~spin) ${text}`;
    // Plain text, not a MarkdownString: the extension host runs its Markdown lexer over a
    // Markdown tooltip, and that first run (tens of milliseconds) fell on the first
    // generation, before its request left.
    this.item.tooltip = [vscode.l10n.t('Imagesmith'), ...running.map((generation) => `• ${stage(generation)}`), '', vscode.l10n.t('Click to open the Imagesmith panel, where each one can be cancelled.')].join('\n');
    this.item.accessibilityInformation = { label: vscode.l10n.t('Imagesmith: {0}. Open the Imagesmith panel.', text), role: 'button' };
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
