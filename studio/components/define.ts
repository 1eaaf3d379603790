// Registers the studio's custom elements. Import this once; the classes themselves live apart.
import { LkEditor } from './lk-editor.js';
import { LkStudio } from './lk-studio.js';

if (!customElements.get('lk-editor')) customElements.define('lk-editor', LkEditor);
if (!customElements.get('lk-studio')) customElements.define('lk-studio', LkStudio);

declare global {
  interface HTMLElementTagNameMap {
    'lk-editor': LkEditor;
    'lk-studio': LkStudio;
  }
}

export { LkEditor, LkStudio };
