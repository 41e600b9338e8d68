/**
 * What the panel says while no folder is open: images are saved into the workspace, so
 * nothing can be generated until there is one; the button opens one.
 */
import * as l10n from '@vscode/l10n';
import { button, h, icon } from './dom';
import { post } from './hostChannel';

export class NoFolderNotice {
  readonly element: HTMLElement;

  constructor() {
    const open = button(l10n.t('Open Folder…'), { icon: 'folder-opened', kind: 'primary' });
    open.addEventListener('click', () => post({ type: 'openFolder' }));
    this.element = h(
      'div',
      { class: 'no-folder', role: 'note', hidden: true },
      h('p', {}, icon('info'), h('span', {}, l10n.t('Imagesmith saves images into a workspace folder, and none is open. Open a folder to generate and to see the gallery.'))),
      open,
    );
  }

  update(hasFolder: boolean): void {
    this.element.hidden = hasFolder;
  }
}
