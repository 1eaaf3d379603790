// Layering: fold lowered layers (national → province → city) into one effective pack, recording for
// every rule, parameter and knowledge row which layer set it, in which file and span, and why.
// Deterministic: the result depends only on the layers' contents and their order.
import type { Diagnostic } from '../../dsl/diagnostics/diagnostic.js';
import type { IrCompute, IrIndicator, IrInput, IrParam, IrProvenance, IrRule, IrScenario, IrTable } from '../../runtime/artifact/ir.js';
import { compareDecimal } from '../check/constants.js';
import { loadRows, overlaps, rowKey } from '../knowledge/load-table.js';
import type { Cell } from '../knowledge/convert-cell.js';
import { joinPath, type PackSource } from '../source/pack-source.js';
import type { LayerChange, LayerIr } from './layer-ir.js';

export interface EffectivePack {
  readonly layers: readonly LayerIr[];
  readonly files: string[]; // manifest.files: "<pack id>/<path>"
  readonly inputs: IrInput[];
  readonly params: Map<string, IrParam>;
  readonly tables: Map<string, IrTable & { lockedAll: boolean }>;
  readonly indicators: IrIndicator[];
  readonly rules: Map<string, IrRule>;
  readonly computes: IrCompute[];
  readonly scenarios: IrScenario[];
}

export interface SourcedLayer {
  readonly ir: LayerIr;
  readonly source: PackSource;
}

const layerName = (l: LayerIr) => `${l.pack.id}@${l.pack.version}`;

/**
 * Fold the layers. With `rows: false` (check-only: `liangku check`, the studio's worker) knowledge
 * rows are not read, but every other layering rule (bounds, locks, reasons) is enforced the same way.
 */
export async function layerPacks(layers: readonly SourcedLayer[], out: Diagnostic[], opts: { rows?: boolean } = {}): Promise<EffectivePack> {
  const eff: EffectivePack = { layers: layers.map((l) => l.ir), files: [], inputs: [], params: new Map(), tables: new Map(), indicators: [], rules: new Map(), computes: [], scenarios: [] };
  for (const l of layers) await applyLayer(eff, l, out, opts.rows !== false);
  return eff;
}

async function applyLayer(eff: EffectivePack, { ir, source }: SourcedLayer, out: Diagnostic[], rows: boolean): Promise<void> {
  const fileBase = eff.files.length;
  eff.files.push(...ir.files.map((f) => `${ir.pack.id}/${f}`));
  // Spans index manifest.files: shift this layer's file indexes (the item's and its steps') past the bases'.
  const shift = <S extends { file: number }>(s: S): S => ({ ...s, file: s.file + fileBase });
  const remap = <T extends { span: { file: number; start: number; end: number }; steps?: readonly { span: { file: number } }[] }>(x: T): T => ({
    ...x,
    span: shift(x.span),
    ...(x.steps ? { steps: x.steps.map((st) => ({ ...st, span: shift(st.span) })) } : {}),
  });
  const display = (f: string) => joinPath(source.label, f);
  eff.inputs.push(...ir.inputs);
  for (const p of ir.params) eff.params.set(p.name, p);
  for (const t of ir.tables) {
    const table: IrTable & { lockedAll: boolean } = {
      name: t.name,
      title: t.title,
      columns: t.columns,
      key: t.key,
      rows: [],
      validity: [],
      rowProvenance: [],
      rowSource: [],
      provenance: t.provenance,
      lockedAll: t.lockedAll,
    };
    if (t.source && rows) await addRows(table, 'add', t.source, source, t.provenance[0]!, out, display(t.file), t.span);
    eff.tables.set(t.name, table);
  }
  eff.indicators.push(...ir.indicators.map(remap));
  for (const r of ir.rules) eff.rules.set(r.code, remap(r));
  eff.computes.push(...ir.computes.map(remap));
  eff.scenarios.push(...ir.scenarios);
  // Locks bind the layer's children, so a layer's own changes apply before its locks.
  const ordered = [...ir.changes.filter((c) => c.kind !== 'lock'), ...ir.changes.filter((c) => c.kind === 'lock')];
  for (const c of ordered) if (rows || c.kind !== 'rows') await applyChange(eff, ir, c, source, out);
}

function diag(out: Diagnostic[], code: string, file: string, span: { start: number; end: number }, zh: string, en: string, help?: { zh: string; en: string }) {
  out.push({ code, severity: 'error', file, span, message: { zh, en }, ...(help ? { help } : {}) });
}

async function applyChange(eff: EffectivePack, ir: LayerIr, c: LayerChange, source: PackSource, out: Diagnostic[]): Promise<void> {
  const file = joinPath(source.label, c.origin.file);
  const prov = (action: string): IrProvenance => ({ layer: layerName(ir), file: c.origin.file, span: { start: c.origin.span.start, end: c.origin.span.end }, action, reason: c.origin.reason });
  const needReason = (what: { zh: string; en: string }) => {
    if (c.origin.reason) return true;
    diag(out, 'layer/missing-reason', file, c.origin.span, `${what.zh}须写明原因：在末尾加 because "…"`, `${what.en} needs a reason: add because "…"`);
    return false;
  };
  switch (c.kind) {
    case 'set': {
      const p = eff.params.get(c.param);
      if (!p) return;
      if (p.locked) return diag(out, 'layer/locked', file, c.nameSpan, `参数 \`${c.param}\` 已被上级包锁定，不能修改`, `parameter \`${c.param}\` is locked by a base pack`);
      if (!needReason({ zh: '修改参数', en: 'setting a parameter' })) return;
      if (p.range && (typeof c.value === 'string' || typeof c.value === 'number') && (compareDecimal(c.value, p.range.lo) < 0 || compareDecimal(c.value, p.range.hi) > 0))
        return diag(out, 'layer/out-of-bounds', file, c.origin.span, `${c.value} 超出 \`${c.param}\` 允许的范围 ${p.range.lo} .. ${p.range.hi}（由 ${p.provenance[0]?.layer} 规定）`, `${c.value} is outside the bounds ${p.range.lo} .. ${p.range.hi} that ${p.provenance[0]?.layer} allows for \`${c.param}\``);
      eff.params.set(c.param, { ...p, value: c.value, provenance: [...p.provenance, prov('set')] });
      return;
    }
    case 'disable':
    case 'regrade':
    case 'restage':
    case 'state': {
      const r = eff.rules.get(c.code);
      if (!r) return;
      if (r.provenance.some((p) => p.action === 'lock') && r.provenance[r.provenance.length - 1]?.layer !== layerName(ir))
        return diag(out, 'layer/locked', file, c.nameSpan, `规则 \`${c.code}\` 已被上级包锁定`, `rule \`${c.code}\` is locked by a base pack`);
      if (c.kind === 'disable') {
        if (!needReason({ zh: '停用规则', en: 'disabling a rule' })) return;
        eff.rules.set(c.code, { ...r, state: 'retired', stateReason: c.origin.reason, provenance: [...r.provenance, prov('disable')] });
      } else if (c.kind === 'regrade') {
        const next = c.stages.length ? { ...r, stageResults: { ...r.stageResults, ...Object.fromEntries(c.stages.map((s) => [s, c.to])) } } : { ...r, result: c.to };
        eff.rules.set(c.code, { ...next, provenance: [...r.provenance, prov('regrade')] });
      } else if (c.kind === 'restage') {
        eff.rules.set(c.code, { ...r, stages: c.stages ? [...c.stages] : r.stages, scenes: c.scenes ? [...c.scenes] : r.scenes, provenance: [...r.provenance, prov('restage')] });
      } else {
        if (c.to === 'retired' && !needReason({ zh: '停用规则', en: 'retiring a rule' })) return;
        eff.rules.set(c.code, { ...r, state: c.to, stateReason: c.origin.reason, provenance: [...r.provenance, prov('state')] });
      }
      return;
    }
    case 'rows': {
      const t = eff.tables.get(c.table);
      if (!t) return;
      await addRows(t, c.mode, c.source, source, prov(c.mode), out, file, c.origin.span);
      return;
    }
    case 'lock': {
      if (c.target === 'param') {
        const p = eff.params.get(c.name);
        if (p) eff.params.set(c.name, { ...p, locked: true, provenance: [...p.provenance, prov('lock')] });
      } else if (c.target === 'rule') {
        const r = eff.rules.get(c.name);
        if (r) eff.rules.set(c.name, { ...r, provenance: [...r.provenance, prov('lock')] });
      } else {
        const t = eff.tables.get(c.name);
        if (!t) return;
        const cols = c.columns.length ? c.columns : t.columns.map((x) => x.name);
        for (const name of c.columns.filter((n) => !t.columns.some((x) => x.name === n)))
          diag(out, 'check/unknown-column', file, c.nameSpan, `知识表 \`${c.name}\` 没有列 \`${name}\``, `knowledge table \`${c.name}\` has no column \`${name}\``);
        eff.tables.set(c.name, { ...t, columns: t.columns.map((x) => (cols.includes(x.name) ? { ...x, locked: true } : x)), provenance: [...t.provenance, prov('lock')] });
      }
      return;
    }
  }
}

/**
 * Add or replace rows from a file. `add` refuses keys already in force in an overlapping period;
 * `replace` replaces such rows — but never changes a locked column (the national catalogue's
 * payment restrictions cannot be loosened locally).
 */
async function addRows(
  t: IrTable & { lockedAll: boolean },
  mode: 'add' | 'replace',
  path: string,
  source: PackSource,
  prov: IrProvenance,
  out: Diagnostic[],
  declFile: string,
  declSpan: { start: number; end: number },
): Promise<void> {
  const bytes = await source.readBytes(path);
  if (!bytes) return diag(out, 'knowledge/missing-file', declFile, declSpan, `找不到知识文件 ${path}`, `knowledge file ${path} not found`, { zh: '路径相对于包目录', en: 'paths are relative to the pack directory' });
  const display = joinPath(source.label, path);
  const loaded = await loadRows(display, path, bytes, t.columns, out);
  const provIdx = t.provenance.length;
  t.provenance.push({ ...prov, file: path });
  const keyIdx = t.key.map((k) => t.columns.findIndex((c) => c.name === k));
  const byKey = new Map<string, number[]>();
  t.rows.forEach((r, i) => {
    const k = rowKey(r as Cell[], keyIdx);
    byKey.set(k, [...(byKey.get(k) ?? []), i]);
  });
  const drop = new Set<number>();
  let reported = 0;
  loaded.rows.forEach((row, j) => {
    const k = rowKey(row, keyIdx);
    const clash = (byKey.get(k) ?? []).filter((i) => !drop.has(i) && overlaps(t.validity[i]!, loaded.validity[j]!));
    if (clash.length && mode === 'add' && reported++ < 20) {
      const same = t.rowProvenance[clash[0]!] === provIdx;
      out.push({
        code: same ? 'knowledge/duplicate-key' : 'layer/row-exists',
        severity: 'error',
        file: display,
        span: { start: 0, end: 0 },
        message: same
          ? { zh: `第 ${loaded.lines[j]} 行：键 ${k.replace(/\u0001/g, ', ')} 在同一有效期内重复`, en: `row ${loaded.lines[j]}: key ${k.replace(/\u0001/g, ', ')} appears twice in the same period` }
          : { zh: `第 ${loaded.lines[j]} 行：键 ${k.replace(/\u0001/g, ', ')} 已由上级包提供；要替换请用 \`knowledge ${t.name} replace from …\``, en: `row ${loaded.lines[j]}: key ${k.replace(/\u0001/g, ', ')} is already provided by a base; use \`knowledge ${t.name} replace from …\`` },
      });
      return;
    }
    for (const i of clash) {
      const old = t.rows[i]!;
      const changed = t.columns.filter((c, ci) => (t.lockedAll || c.locked) && JSON.stringify(old[ci]) !== JSON.stringify(row[ci]));
      if (changed.length) {
        if (reported++ < 20)
          out.push({ code: 'layer/locked', severity: 'error', file: display, span: { start: 0, end: 0 }, message: { zh: `第 ${loaded.lines[j]} 行：列 ${changed.map((c) => c.name).join('、')} 已锁定，不能修改`, en: `row ${loaded.lines[j]}: column(s) ${changed.map((c) => c.name).join(', ')} are locked and cannot be changed` } });
        return;
      }
      drop.add(i);
    }
    t.rows.push(row);
    t.validity.push(loaded.validity[j]!);
    t.rowProvenance.push(provIdx);
    t.rowSource.push(loaded.lines[j]!);
    byKey.set(k, [...(byKey.get(k) ?? []), t.rows.length - 1]);
  });
  if (drop.size) {
    const keep = (_: unknown, i: number) => !drop.has(i);
    const rows = t.rows.filter(keep);
    const validity = t.validity.filter(keep);
    const rp = t.rowProvenance.filter(keep);
    const rs = t.rowSource.filter(keep);
    t.rows.length = 0;
    t.rows.push(...rows);
    t.validity.length = 0;
    t.validity.push(...validity);
    t.rowProvenance.length = 0;
    t.rowProvenance.push(...rp);
    t.rowSource.length = 0;
    t.rowSource.push(...rs);
  }
}
