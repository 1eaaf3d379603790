// Small hand-written IR artifacts for runtime tests; the hash is set via contentHash.
import type { Artifact, IrRule, IrParam, IrTable, IrCompute, IrScenario, IrIndicator } from '../../runtime/artifact/ir.js';
import type { Expr, Step } from '../../runtime/artifact/ir-node.js';
import { contentHash } from '../../runtime/artifact/canonical.js';

export const SPAN = { file: 0, start: 0, end: 1 };
export const PROV = (layer = 'test.base@1.0.0') => ({ layer, file: 'rules.lk', span: { start: 0, end: 1 }, action: 'declare', reason: null });

// Expression builders
export const lit = (d: string, v: string | number | boolean | null): Expr => ({ k: 'lit', d: d as never, v });
export const v = (n: number): Expr => ({ k: 'var', v: n });
export const root = (name: 'patient' | 'encounter' | 'history' | 'request'): Expr => ({ k: 'root', name });
export const get = (of: Expr, field: string, d: string): Expr => ({ k: 'get', of, field, d: d as never });
export const bin = (op: string, l: Expr, r: Expr, d: string): Expr => ({ k: 'bin', op: op as never, l, r, d: d as never });
export const call = (fn: string, args: Expr[], d: string): Expr => ({ k: 'call', fn, args, d: d as never });
export const tmpl = (...parts: (string | Expr)[]): Expr => ({ k: 'tmpl', parts });
export const feedetail: Expr = get(root('encounter'), 'feedetail', 'list');

export const forStep = (n: number, src: Expr): Step => ({ k: 'for', v: n, src, span: SPAN });
export const letStep = (n: number, e: Expr): Step => ({ k: 'let', v: n, e, span: SPAN });
export const when = (e: Expr): Step => ({ k: 'when', e, span: SPAN });

export function rule(code: string, over: Partial<IrRule> & { steps?: Step[] }): IrRule {
  return {
    stageResults: {}, // as the compiler emits it: only regraded stages
    code, name: `rule ${code}`, class: '政策类', result: 'definite', stages: ['pre', 'mid', 'post'],
    scenes: [], window: 'encounter', basis: 'basis', state: 'active', stateReason: null, needs: null, effective: null,
    excludes: [], vars: ['x', 'y', 'z'], steps: [], flag: [], involve: [], amount: null, message: null, cost: 1, span: SPAN,
    provenance: [PROV()],
    ...(over as object),
  } as unknown as IrRule;
}

export function param(name: string, d: string, value: IrParam['value']): IrParam {
  return { name, title: name, type: d, d: d as never, value, range: null, unit: null, illustrative: false, locked: false, provenance: [PROV()] };
}

export function table(name: string, columns: [string, string, boolean][], rows: IrTable['rows'], validity?: IrTable['validity']): IrTable {
  return {
    name, title: name,
    columns: columns.map(([n, d, key]) => ({ name: n, type: d, d: d as never, title: n, key, optional: !key, locked: false })),
    key: columns.filter((c) => c[2]).map((c) => c[0]),
    rows, validity: validity ?? rows.map(() => [null, null, null]),
    rowProvenance: rows.map(() => 0), rowSource: rows.map((_, i) => i + 2), provenance: [PROV()],
  };
}

export interface ArtifactParts {
  rules?: IrRule[]; params?: IrParam[]; tables?: IrTable[]; computes?: IrCompute[]; scenarios?: IrScenario[]; indicators?: IrIndicator[];
  yearStart?: string;
}

export function artifact(p: ArtifactParts): Artifact {
  const a = {
    manifest: {
      format: 'liangku-artifact/1', id: 'test.base', version: '1.0.0', title: 't', region: '100000', effective: null,
      yearStart: p.yearStart ?? '01-01', extends: null,
      layers: [{ id: 'test.base', version: '1.0.0', hash: '0'.repeat(64), region: '100000' }],
      compiler: { name: 'liangku', version: '0.1.0' }, files: ['rules.lk'],
    },
    inputs: [], claimSchema: {}, params: p.params ?? [], tables: p.tables ?? [], indicators: p.indicators ?? [],
    rules: p.rules ?? [], computes: p.computes ?? [], scenarios: p.scenarios ?? [], hash: '',
  } as unknown as Artifact;
  a.hash = contentHash(a as unknown as Record<string, unknown>);
  return a;
}

export function line(sn: string, code: string, amt: number, extra: Record<string, unknown> = {}) {
  return { feedetl_sn: sn, med_list_codg: code, med_list_name: `药${code}`, det_item_fee_sumamt: amt, cnt: 1, pric: amt, fee_ocur_time: '2025-03-03 10:00:00', ...extra };
}

export function request(lines: unknown[], over: { patient?: object; encounter?: object; history?: unknown[] } = {}) {
  return {
    request_id: 'R1',
    patient: { psn_no: 'P1', gend: '1', brdy: '1958-02-11', insu_admdvs: '140902', ...over.patient },
    encounter: {
      mdtrt_id: 'M1', med_type: '21', mdtrtarea_admvs: '140902', begntime: '2025-03-03 09:20:00', endtime: '2025-03-10 10:00:00',
      setl_time: '2025-03-10 15:12:08', diseinfo: [{ diag_code: 'I63.900', maindiag_flag: '1' }], feedetail: lines, ...over.encounter,
    },
    history: over.history ?? [],
  };
}
