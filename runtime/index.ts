// The runtime's public entry: load an artifact, evaluate requests (one, or a stream in order).
export { loadPack, type LoadResult } from './load/load-pack.js';
export type { LoadedPack } from './load/loaded-pack.js';
export { evaluate } from './eval/evaluate.js';
export { evaluateStream, evaluateOne } from './eval/stream.js';
export { isBadRequest, type BadRequest } from './eval/request.js';
export type * from './api.js';
export type { Artifact } from './artifact/ir.js';
export { toYuan, fromText as decimalFromText } from './values/money.js';
export { artifactValidator } from './artifact/validate-artifact.js';
export { BatchCollector, type BatchResult } from './eval/batch.js';
export { watchPack } from './watch/watch-pack.js';
