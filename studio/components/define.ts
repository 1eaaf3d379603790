// Registers the studio's custom elements. Import this once; the classes themselves live apart.
import { LkEditor } from './lk-editor.js';
import { LkStudio } from './lk-studio.js';
import { LkRunPanel } from './lk-run-panel.js';
import { LkKnowledgeView } from './lk-knowledge-view.js';
import { LkGovernanceView } from './lk-governance-view.js';
import { LkDiffView } from './lk-diff-view.js';

if (!customElements.get('lk-editor')) customElements.define('lk-editor', LkEditor);
if (!customElements.get('lk-run-panel')) customElements.define('lk-run-panel', LkRunPanel);
if (!customElements.get('lk-knowledge-view')) customElements.define('lk-knowledge-view', LkKnowledgeView);
if (!customElements.get('lk-governance-view')) customElements.define('lk-governance-view', LkGovernanceView);
if (!customElements.get('lk-diff-view')) customElements.define('lk-diff-view', LkDiffView);
if (!customElements.get('lk-studio')) customElements.define('lk-studio', LkStudio);

declare global {
  interface HTMLElementTagNameMap {
    'lk-editor': LkEditor;
    'lk-studio': LkStudio;
    'lk-run-panel': LkRunPanel;
    'lk-knowledge-view': LkKnowledgeView;
    'lk-governance-view': LkGovernanceView;
    'lk-diff-view': LkDiffView;
  }
}

export { LkEditor, LkStudio, LkRunPanel, LkKnowledgeView, LkGovernanceView, LkDiffView };
