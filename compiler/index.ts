// liangku/compiler: check, layer, lower and emit packs. The core is browser-safe; `compilePackDir`
// (file system) lives in compiler/node and is re-exported here for node hosts.
export { compilePack, type CompiledPack, type CompileOptions, type ParsedFileInfo } from './compile-pack.js';
export { memorySource, type PackSource, type ResolveBase } from './source/pack-source.js';
export { compilePackDir, dirSource, dirResolver, bundledPacksDir } from './node/fs-source.js';
export type { LayerIr, LoweredTest } from './layer/layer-ir.js';
export { parse } from '../dsl/parse/parse.js';
