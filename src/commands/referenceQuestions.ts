/**
 * The questions before generating referenced images: for the quick fix, one short
 * confirmation (the prompt to edit, the provider and size on show, buttons to change the
 * provider or, for a placeholder, the folder); for Generate Missing Images, a list of
 * every image to pick from, each prompt editable.
 */
import * as vscode from 'vscode';
import type { ImageReference, PromptSource } from '../core/references/types';
import type { ProviderId } from '../core/types';
import { outputFolderUri } from '../host/outputFolder';
import { documentPathIn } from '../host/imageReferences';
import { wantedOf } from '../host/referenceGeneration';
import { PROVIDERS } from '../providers';
import { CAPABILITIES } from '../providers/capabilities';
import type { CommandServices } from '../host/services';
import { answerOnce, pickProvider } from '../host/questions';
import { clipStart } from '../core/clip';

export interface Confirmed {
  readonly prompt: string;
  readonly provider: ProviderId;
  /** For a placeholder: the chosen folder, relative to the workspace folder. */
  readonly folder?: string;
}

const sizeText = (reference: ImageReference) => (reference.size ? `${reference.size.width}×${reference.size.height}` : vscode.l10n.t("the provider's default size"));

/** The confirmation of the quick fix; undefined when the person backs out. */
export async function confirmReference(
  services: CommandServices,
  reference: ImageReference,
  folder: vscode.WorkspaceFolder,
  provider: ProviderId,
  describeSize: (provider: ProviderId) => Promise<string | undefined>,
): Promise<Confirmed | undefined> {
  const providerButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('server-process'), tooltip: vscode.l10n.t('Change provider…') };
  const folderButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('folder'), tooltip: vscode.l10n.t('Choose the folder to save in…') };
  const outputFolder = services.settings.general().outputFolder;
  let chosen: ProviderId = provider;
  let saveIn: string | undefined;
  const box = vscode.window.createInputBox();
  box.title = vscode.l10n.t('Generate {0}', clipStart(wantedOf(reference), 70));
  box.value = reference.prompt;
  box.valueSelection = [0, reference.prompt.length];
  box.ignoreFocusOut = true;
  box.buttons = reference.target.kind === 'placeholder' ? [providerButton, folderButton] : [providerButton];
  const describe = async () => {
    const label = PROVIDERS[chosen].label;
    const provider = CAPABILITIES[chosen].paid ? vscode.l10n.t('{0} (paid)', label) : label;
    const where = reference.target.kind === 'file' ? reference.target.path : `${saveIn ?? outputFolder}/`;
    const say = (made?: string) => {
      const size = made ? `${sizeText(reference)} → ${made}` : sizeText(reference);
      box.prompt = vscode.l10n.t('The prompt, from the {0}. Provider: {1} · size: {2} · saves to {3}. Enter to generate.', sourceName(reference.promptSource), provider, size, where);
    };
    // Said at once; the size the provider will make follows when its list of sizes is known.
    say();
    const made = await describeSize(chosen).catch(() => undefined);
    if (made) say(made);
  };
  void describe();
  box.show();
  return new Promise<Confirmed | undefined>((resolve) => {
    const finish = answerOnce(box, resolve);
    box.onDidChangeValue((value) => {
      box.validationMessage = value.trim() === '' ? vscode.l10n.t('Write what the image should show.') : undefined;
    });
    box.onDidAccept(() => {
      const prompt = box.value.trim();
      if (prompt === '') return;
      finish({ prompt, provider: chosen, ...(saveIn !== undefined ? { folder: saveIn } : {}) });
    });
    let busy = false;
    box.onDidTriggerButton(async (button) => {
      const prompt = box.value;
      busy = true;
      if (button === providerButton) {
        const picked = await pickProvider(services.keys, chosen);
        if (picked) chosen = picked.id;
      } else {
        const picked = await vscode.window.showOpenDialog({
          canSelectFiles: false,
          canSelectFolders: true,
          canSelectMany: false,
          defaultUri: outputFolderUri(folder, outputFolder),
          openLabel: vscode.l10n.t('Save Here'),
          title: vscode.l10n.t('The folder to save the image in'),
        });
        const inside = picked?.[0] && documentPathIn(folder, picked[0]);
        if (picked?.[0] && inside === undefined) void vscode.window.showWarningMessage(vscode.l10n.t('Imagesmith saves images inside the workspace folder; pick a folder in it.'));
        else if (inside !== undefined) saveIn = inside;
      }
      busy = false;
      box.value = prompt;
      await describe();
      box.show();
    });
    // Hidden while a button's question is open is not backing out; hidden otherwise (Escape) is.
    box.onDidHide(() => {
      if (!busy) finish(undefined);
    });
  });
}

/** Where a prompt was found, in the person's language (called when shown: the bundle loads first). */
const SOURCE_NAMES: Readonly<Record<PromptSource, () => string>> = {
  alt: () => vscode.l10n.t('alt'),
  caption: () => vscode.l10n.t('caption'),
  title: () => vscode.l10n.t('title'),
  heading: () => vscode.l10n.t('heading'),
  'placeholder text': () => vscode.l10n.t('placeholder text'),
  'file name': () => vscode.l10n.t('file name'),
  manifest: () => vscode.l10n.t('manifest'),
};

function sourceName(source: PromptSource): string {
  return SOURCE_NAMES[source]();
}


interface ReferenceItem extends vscode.QuickPickItem {
  readonly reference: ImageReference;
  prompt: string;
}

/** The list of Generate Missing Images: every image picked at first, each prompt editable with its button; undefined when dismissed. */
export async function pickReferences(
  services: CommandServices,
  references: readonly ImageReference[],
  documentName: string,
  provider: ProviderId,
): Promise<{ chosen: Array<{ reference: ImageReference; prompt: string }>; provider: ProviderId } | undefined> {
  const editButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('edit'), tooltip: vscode.l10n.t('Edit the prompt…') };
  const providerButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('server-process'), tooltip: vscode.l10n.t('Change provider…') };
  let chosenProvider = provider;
  const item = (reference: ImageReference, prompt: string): ReferenceItem => ({
    reference,
    prompt,
    label: clipStart(wantedOf(reference), 70),
    description:
      reference.target.kind === 'placeholder'
        ? vscode.l10n.t('line {0} · {1} · placeholder', reference.line + 1, sizeText(reference))
        : vscode.l10n.t('line {0} · {1}', reference.line + 1, sizeText(reference)),
    detail: prompt,
    buttons: [editButton],
  });
  let items = references.map((reference) => item(reference, reference.prompt));
  const pick = vscode.window.createQuickPick<ReferenceItem>();
  pick.canSelectMany = true;
  pick.ignoreFocusOut = true;
  pick.matchOnDetail = true;
  pick.buttons = [providerButton];
  const title = () =>
    CAPABILITIES[chosenProvider].paid
      ? vscode.l10n.t('Generate Missing Images in {0} with {1} (paid)', documentName, PROVIDERS[chosenProvider].label)
      : vscode.l10n.t('Generate Missing Images in {0} with {1}', documentName, PROVIDERS[chosenProvider].label);
  pick.title = title();
  pick.placeholder = vscode.l10n.t('The images to generate; edit a prompt with its pencil button. Enter generates the selected ones.');
  pick.items = items;
  pick.selectedItems = items;
  let busy = false;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (value: Awaited<ReturnType<typeof pickReferences>>) => {
      if (settled) return;
      settled = true;
      resolve(value);
      pick.dispose();
    };
    pick.onDidAccept(() => {
      const selected = pick.selectedItems;
      if (selected.length === 0) return;
      finish({ chosen: selected.map((i) => ({ reference: i.reference, prompt: i.prompt })), provider: chosenProvider });
    });
    pick.onDidTriggerItemButton(async ({ item: target }) => {
      const selected = new Set(pick.selectedItems.map((i) => i.reference.start));
      busy = true;
      const prompt = await vscode.window.showInputBox({
        title: vscode.l10n.t('Prompt for {0}', target.label),
        value: target.prompt,
        ignoreFocusOut: true,
        validateInput: (value) => (value.trim() === '' ? vscode.l10n.t('Write what the image should show.') : undefined),
      });
      busy = false;
      items = items.map((i) => (i === target && prompt ? item(i.reference, prompt.trim()) : i));
      pick.items = items;
      pick.selectedItems = items.filter((i) => selected.has(i.reference.start));
      pick.show();
    });
    pick.onDidTriggerButton(async () => {
      const selected = new Set(pick.selectedItems.map((i) => i.reference.start));
      busy = true;
      const picked = await pickProvider(services.keys, chosenProvider);
      busy = false;
      if (picked) chosenProvider = picked.id;
      pick.title = title();
      pick.items = items;
      pick.selectedItems = items.filter((i) => selected.has(i.reference.start));
      pick.show();
    });
    pick.onDidHide(() => {
      if (!busy) finish(undefined);
    });
    pick.show();
  });
}
