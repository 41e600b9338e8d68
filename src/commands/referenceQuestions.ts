/**
 * The questions before generating referenced images: for the quick fix, one short
 * confirmation (the prompt to edit, the provider and size on show, buttons to change the
 * provider or, for a placeholder, the folder); for Generate Missing Images, a list of
 * every image to pick from, each prompt editable.
 */
import * as vscode from 'vscode';
import type { ImageReference } from '../core/references/types';
import type { ProviderId } from '../core/types';
import { outputFolderUri } from '../host/outputFolder';
import { documentPathIn } from '../host/imageReferences';
import { wantedOf } from '../host/referenceGeneration';
import { PROVIDERS } from '../providers';
import { CAPABILITIES } from '../providers/capabilities';
import type { CommandServices } from '../host/services';
import { answerOnce, pickProvider } from '../host/questions';

export interface Confirmed {
  readonly prompt: string;
  readonly provider: ProviderId;
  /** For a placeholder: the chosen folder, relative to the workspace folder. */
  readonly folder?: string;
}

const sizeText = (reference: ImageReference) => (reference.size ? `${reference.size.width}×${reference.size.height}` : "the provider's default size");

/** The confirmation of the quick fix; undefined when the person backs out. */
export async function confirmReference(
  services: CommandServices,
  reference: ImageReference,
  folder: vscode.WorkspaceFolder,
  provider: ProviderId,
  describeSize: (provider: ProviderId) => Promise<string | undefined>,
): Promise<Confirmed | undefined> {
  const providerButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('server-process'), tooltip: 'Change provider…' };
  const folderButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('folder'), tooltip: 'Choose the folder to save in…' };
  const outputFolder = services.settings.general(folder).outputFolder;
  let chosen: ProviderId = provider;
  let saveIn: string | undefined;
  const box = vscode.window.createInputBox();
  box.title = `Generate ${shorten(wantedOf(reference))}`;
  box.value = reference.prompt;
  box.valueSelection = [0, reference.prompt.length];
  box.ignoreFocusOut = true;
  box.buttons = reference.target.kind === 'placeholder' ? [providerButton, folderButton] : [providerButton];
  const describe = async () => {
    const label = PROVIDERS[chosen].label;
    const paid = CAPABILITIES[chosen].paid ? ' (paid)' : '';
    const where = reference.target.kind === 'file' ? reference.target.path : `${saveIn ?? outputFolder}/`;
    const say = (made?: string) => {
      box.prompt = `The prompt, from the ${reference.promptSource}. Provider: ${label}${paid} · size: ${sizeText(reference)}${made ? ` → ${made}` : ''} · saves to ${where}. Enter to generate.`;
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
      box.validationMessage = value.trim() === '' ? 'Write what the image should show.' : undefined;
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
          openLabel: 'Save Here',
          title: 'The folder to save the image in',
        });
        const inside = picked?.[0] && documentPathIn(folder, picked[0]);
        if (picked?.[0] && inside === undefined) void vscode.window.showWarningMessage('Imagesmith saves images inside the workspace folder; pick a folder in it.');
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

function shorten(text: string): string {
  return text.length <= 70 ? text : `…${text.slice(-69)}`;
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
  const editButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('edit'), tooltip: 'Edit the prompt…' };
  const providerButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('server-process'), tooltip: 'Change provider…' };
  let chosenProvider = provider;
  const item = (reference: ImageReference, prompt: string): ReferenceItem => ({
    reference,
    prompt,
    label: shorten(wantedOf(reference)),
    description: `line ${reference.line + 1} · ${sizeText(reference)}${reference.target.kind === 'placeholder' ? ' · placeholder' : ''}`,
    detail: prompt,
    buttons: [editButton],
  });
  let items = references.map((reference) => item(reference, reference.prompt));
  const pick = vscode.window.createQuickPick<ReferenceItem>();
  pick.canSelectMany = true;
  pick.ignoreFocusOut = true;
  pick.matchOnDetail = true;
  pick.buttons = [providerButton];
  const title = () => `Generate Missing Images in ${documentName} with ${PROVIDERS[chosenProvider].label}${CAPABILITIES[chosenProvider].paid ? ' (paid)' : ''}`;
  pick.title = title();
  pick.placeholder = 'The images to generate; edit a prompt with its pencil button. Enter generates the selected ones.';
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
        title: `Prompt for ${target.label}`,
        value: target.prompt,
        ignoreFocusOut: true,
        validateInput: (value) => (value.trim() === '' ? 'Write what the image should show.' : undefined),
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
