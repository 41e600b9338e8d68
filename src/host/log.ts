import * as vscode from 'vscode';
import { redact, type Logger } from '../core/log';

/** The "Imagesmith" log channel; every line passes through redaction of known keys. */
export class LogChannel implements Logger, vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Imagesmith', { log: true });

  constructor(private readonly secrets: () => Iterable<string>) {}

  debug(message: string): void {
    this.channel.debug(this.clean(message));
  }
  info(message: string): void {
    this.channel.info(this.clean(message));
  }
  warn(message: string): void {
    this.channel.warn(this.clean(message));
  }
  error(message: string): void {
    this.channel.error(this.clean(message));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }

  private clean(message: string): string {
    return redact(message, this.secrets());
  }
}
