/**
 * The panel's live check of a provider's values against the rules its schema cannot say
 * (OpenAI's sizes per model, Stability's options per service) and the files it names,
 * run by the host as the person changes a value, so that every broken rule is marked at
 * its control at once, before anything is sent, and choices the current model does not
 * take are marked as such. The bounds of single values are the webview's own check.
 */
import type { AnyProvider } from '../core/types';
import type { ControlSpec } from './protocol/controls';
import type { ParamValues } from './protocol/values';
import type { OptionNote } from './protocol/views';
import type { Problem } from './validate';

export interface LiveCheck {
  readonly problems: Problem[];
  readonly unavailable: OptionNote[];
}

/** Whether a workspace-relative path names a file that is there. */
export type FileCheck = (relativePath: string) => Promise<boolean>;

export async function checkLive(
  provider: AnyProvider,
  controls: readonly ControlSpec[],
  values: Readonly<ParamValues>,
  negativePrompt: string | undefined,
  fileExists: FileCheck | undefined,
): Promise<LiveCheck> {
  const problems: Problem[] = [];
  for (const key of provider.workspaceFileParams ?? []) {
    const path = values[key];
    if (typeof path !== 'string' || !path.trim()) continue;
    if (!fileExists) {
      problems.push({ key, message: `${path} is read from the workspace folder, and no folder is open.` });
    } else if (!(await fileExists(path.trim()))) {
      problems.push({ key, message: `There is no ${path.trim()} in the workspace folder. Save the file there, or change the path.` });
    }
  }
  const parsed = provider.params.safeParse(values);
  // A value out of its bounds is marked by the webview; the rules between values wait until each one is valid.
  if (!provider.problems || !parsed.success) return { problems, unavailable: [] };
  const broken = (candidate: typeof parsed.data) => provider.problems?.(candidate, negativePrompt) ?? [];
  for (const problem of broken(parsed.data)) problems.push({ key: problem.parameter ?? '', message: problem.message });

  const unavailable: OptionNote[] = [];
  for (const control of controls) {
    if (control.kind !== 'select' && control.kind !== 'sizeList') continue;
    for (const option of control.options) {
      if (option === values[control.key]) continue;
      const candidate = provider.params.safeParse({ ...values, [control.key]: option });
      if (!candidate.success || !broken(candidate.data).some((problem) => problem.parameter === control.key)) continue;
      const follows = provider.rulesFollow ? (candidate.data as Record<string, unknown>)[provider.rulesFollow] : undefined;
      unavailable.push({ key: control.key, option, note: typeof follows === 'string' ? `not for ${follows}` : 'not with these settings' });
    }
  }
  return { problems, unavailable };
}
