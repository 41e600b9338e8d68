/**
 * A remedy chosen on a failed job's card (core/remedies.ts decides which are offered).
 */
import * as vscode from 'vscode';
import { settingsQuery, type Remedy } from '../core/remedies';
import type { LogChannel } from '../host/log';
import type { Jobs } from './jobRunner';

export async function runRemedy(action: Remedy, jobs: Jobs, jobId: string, log: LogChannel): Promise<void> {
  const input = jobs.input(jobId);
  const job = jobs.views().find((view) => view.id === jobId);
  switch (action) {
    case 'setApiKey':
      if (input) await vscode.commands.executeCommand('imagesmith.setApiKey', { provider: input.provider });
      return;
    case 'retry':
      jobs.retry(jobId);
      return;
    case 'openSettings':
      await vscode.commands.executeCommand('workbench.action.openSettings', settingsQuery(job?.error, input?.provider));
      return;
    case 'openFolder':
      await vscode.commands.executeCommand('vscode.openFolder');
      return;
    case 'showLog':
      log.show();
      return;
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}
