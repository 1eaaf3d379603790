// The library bundle (dist/studio-lib): the components, registered, and their types.
export { LkEditor, LkStudio } from './components/define.js';
export type { LkChangeDetail, LkDiagnosticsDetail, LkPublishDetail, LkTestRunDetail } from './components/events.js';
export type { Analysis, PackFiles } from './worker/protocol.js';
export { bundledPacks } from './packs/bundled.js';
