// The compiler's front door: a pack source (+ a way to find its bases) → the signed artifact, the
// top layer's tests, and every diagnostic. Phases: parse → check/lower each layer (bases first) →
// layer → emit. Never throws on user error.
import type { SourceFile } from '../dsl/ast/nodes.js';
import type { Diagnostic, Result } from '../dsl/diagnostics/diagnostic.js';
import { hasErrors } from '../dsl/diagnostics/diagnostic.js';
import { parse } from '../dsl/parse/parse.js';
import type { Artifact } from '../runtime/artifact/ir.js';
import { checkLayer, type LayerFile } from './check/check-layer.js';
import { claimEnv, type Env } from './check/env.js';
import { emitArtifact, type EmitOptions } from './emit/emit-artifact.js';
import { layerPacks, type EffectivePack, type SourcedLayer } from './layer/effective-pack.js';
import type { LayerIr, LoweredTest } from './layer/layer-ir.js';
import { joinPath, type PackSource, type ResolveBase } from './source/pack-source.js';

export interface CompileOptions extends EmitOptions {
  readonly resolveBase?: ResolveBase;
  /** Stop after checking (no knowledge rows, no artifact): `liangku check`, the studio's worker. */
  readonly checkOnly?: boolean;
}

export interface ParsedFileInfo {
  readonly display: string; // path as shown to users
  readonly text: string;
  readonly ast: SourceFile;
}

export interface CompiledPack {
  readonly artifact: Artifact | undefined;
  readonly tests: readonly LoweredTest[];
  readonly layers: readonly LayerIr[];
  readonly effective: EffectivePack | undefined;
  /** Every parsed .lk file of every layer, by display path (for line/column, hover, the studio). */
  readonly files: ReadonlyMap<string, ParsedFileInfo>;
  readonly env: Env | undefined;
}

interface ParsedPack {
  readonly source: PackSource;
  readonly files: LayerFile[];
  readonly texts: string[];
  readonly extends: { id: string; range: string; span: { start: number; end: number }; file: string } | null;
}

export async function compilePack(source: PackSource, opts: CompileOptions = {}): Promise<Result<CompiledPack> & { value: CompiledPack }> {
  const diagnostics: Diagnostic[] = [];
  const files = new Map<string, ParsedFileInfo>();
  const chain: ParsedPack[] = [];
  const seen = new Set<string>();
  let current: PackSource | null = source;
  // Walk up the extends chain: pack → base → base's base … (cycle-safe).
  while (current) {
    const parsed: ParsedPack = await parsePack(current, diagnostics, files);
    chain.unshift(parsed);
    const ext: ParsedPack['extends'] = parsed.extends;
    if (!ext) break;
    if (seen.has(ext.id)) {
      diagnostics.push({ code: 'layer/extends-cycle', severity: 'error', file: ext.file, span: ext.span, message: { zh: `包的继承形成环：${ext.id}`, en: `packs extend each other in a cycle: ${ext.id}` } });
      break;
    }
    seen.add(ext.id);
    const base: PackSource | null = opts.resolveBase ? await opts.resolveBase(ext.id, ext.range) : null;
    if (!base) {
      diagnostics.push({
        code: 'layer/base-not-found',
        severity: 'error',
        file: ext.file,
        span: ext.span,
        message: { zh: `找不到满足 ${ext.range} 的基础包 ${ext.id}`, en: `no base pack ${ext.id} matching ${ext.range} was found` },
        help: { zh: '基础包放在 rulepacks/ 下或本包的同级目录中', en: 'put base packs under rulepacks/ or next to this pack' },
      });
      break;
    }
    current = base;
  }
  let env = claimEnv();
  const layers: SourcedLayer[] = [];
  for (const p of chain) {
    const checked = checkLayer(p.files, env);
    diagnostics.push(...checked.diagnostics.map((d) => ({ ...d, file: joinPath(p.source.label, d.file) })));
    env = checked.env;
    if (checked.layer) layers.push({ ir: checked.layer, source: p.source });
  }
  const top = layers[layers.length - 1];
  const empty = { artifact: undefined, tests: top?.ir.tests ?? [], layers: layers.map((l) => l.ir), effective: undefined, files, env };
  if (hasErrors(diagnostics) || !top || layers.length !== chain.length) return { value: empty, diagnostics };
  if (opts.checkOnly) {
    // Layering rules (bounds, locks, reasons) are part of checking; knowledge rows and emit are not.
    const effective = await layerPacks(layers, diagnostics, { rows: false });
    return { value: { ...empty, effective }, diagnostics };
  }
  const effective = await layerPacks(layers, diagnostics);
  if (hasErrors(diagnostics)) return { value: { ...empty, effective }, diagnostics };
  const artifact = emitArtifact(effective, chain.map((p) => p.texts), opts, diagnostics);
  return { value: { ...empty, effective, artifact }, diagnostics };
}

async function parsePack(source: PackSource, out: Diagnostic[], files: Map<string, ParsedFileInfo>): Promise<ParsedPack> {
  const paths = (await source.list()).filter((p) => p.endsWith('.lk')).sort();
  const layerFiles: LayerFile[] = [];
  const texts: string[] = [];
  let ext: ParsedPack['extends'] = null;
  if (paths.length === 0)
    out.push({ code: 'check/missing-pack', severity: 'error', file: source.label, span: { start: 0, end: 0 }, message: { zh: '目录中没有 .lk 文件', en: 'the directory holds no .lk files' } });
  for (const path of paths) {
    const text = (await source.readText(path)) ?? '';
    const display = joinPath(source.label, path);
    const r = parse(text, display);
    out.push(...r.diagnostics);
    files.set(display, { display, text, ast: r.value });
    layerFiles.push({ path, ast: r.value });
    texts.push(path, text);
    for (const d of r.value.decls)
      if (d.kind === 'PackDecl' && d.extends && !ext) ext = { id: d.extends.base.text, range: d.extends.range.text, span: d.extends.base.span, file: display };
  }
  return { source, files: layerFiles, texts, extends: ext };
}
