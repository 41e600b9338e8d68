import * as vscode from 'vscode';
import type { Progress } from '../core/types';

/** A generation under way, wherever it was started (palette, selection, panel, chat tool). */
export interface ActiveGeneration {
  readonly id: number;
  readonly providerLabel: string;
  readonly startedAt: number;
  readonly progress: Progress | undefined;
}

/**
 * What every generation goes through, so that the places that show them all (the status
 * bar, the walkthrough's "first image" step) need not know who started one.
 */
export class GenerationActivity implements vscode.Disposable {
  private readonly running = new Map<number, ActiveGeneration>();
  private counter = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  /** A generation started, moved to another stage or ended. */
  readonly onDidChange = this.changed.event;
  private readonly saved = new vscode.EventEmitter<void>();
  /** A generation saved its images. */
  readonly onDidSave = this.saved.event;

  /** The running generations, oldest first. */
  current(): ActiveGeneration[] {
    return [...this.running.values()];
  }

  /** Runs `work`, counted as running until it settles; its progress goes to `onProgress` and here. */
  async track<T>(providerLabel: string, onProgress: ((progress: Progress) => void) | undefined, work: (onProgress: (progress: Progress) => void) => Promise<T>): Promise<T> {
    this.counter += 1;
    const id = this.counter;
    this.running.set(id, { id, providerLabel, startedAt: Date.now(), progress: undefined });
    this.changed.fire();
    try {
      const result = await work((progress) => {
        const entry = this.running.get(id);
        if (entry) {
          this.running.set(id, { ...entry, progress });
          this.changed.fire();
        }
        onProgress?.(progress);
      });
      this.saved.fire();
      return result;
    } finally {
      this.running.delete(id);
      this.changed.fire();
    }
  }

  dispose(): void {
    this.running.clear();
    this.changed.dispose();
    this.saved.dispose();
  }
}
