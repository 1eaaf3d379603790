// One binding that reached the end of a rule → one finding (lines, amount, message, grade).
import type { IrRule, IrStage, IrScenario, IrGrade } from '../artifact/ir.js';
import type { Expr } from '../artifact/ir-node.js';
import type { Finding, FindingLine } from '../api.js';
import type { RunCtx } from './context.js';
import { interpret } from './interpret.js';
import { toDomain } from '../values/convert.js';
import { toYuan } from '../values/money.js';
import { textOf } from '../values/text.js';
import type { FindingCode } from '../codegen/finding-code.js';

function lineOf(v: unknown): Record<string, unknown> | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v) || v instanceof Set) return undefined;
  const o = v as Record<string, unknown>;
  return textOf(o['feedetl_sn']) !== '' ? o : undefined;
}

/** Fee lines among flag/involve values: a line, or a list of lines; anything else is claim-level. */
function linesOf(values: unknown[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const v of values) {
    const items = Array.isArray(v) ? v : v instanceof Set ? [...v] : [v];
    for (const it of items) {
      const l = lineOf(it);
      if (l) out.push(l);
    }
  }
  return out;
}

export function gradeOf(r: IrRule, stage: IrStage, scenario: IrScenario | undefined): IrGrade {
  let g = (r.stageResults as Partial<Record<IrStage, IrGrade>>)[stage] ?? r.result;
  // A scenario regrades by rule code, by class, or by grade (`regrade definite to reminder`).
  for (const rg of scenario?.regrade ?? []) {
    if (rg.target === r.code || rg.target === r.class || rg.target === '*' || rg.target === g) g = rg.to;
  }
  return g;
}

/** `code`: the rule's finding expressions compiled (codegen/finding-code.ts); else they are interpreted. */
export function buildFinding(r: IrRule, grade: IrGrade, ctx: RunCtx, vars: unknown[], code?: FindingCode | null): Finding {
  const flags = code ? code.flag.map((f) => f(ctx, vars)) : r.flag.map((e) => interpret(e as Expr, ctx, vars));
  const involves = code ? code.involve.map((f) => f(ctx, vars)) : r.involve.map((e) => interpret(e as Expr, ctx, vars));
  const violation = new Map<string, number>();
  for (const l of linesOf(flags)) {
    const sn = textOf(l['feedetl_sn']);
    if (!violation.has(sn)) violation.set(sn, (toDomain(l['det_item_fee_sumamt'], 'dec') as number | undefined) ?? 0);
  }
  const involved: string[] = [];
  for (const l of linesOf(involves)) {
    const sn = textOf(l['feedetl_sn']);
    if (!violation.has(sn) && !involved.includes(sn)) involved.push(sn);
  }
  let amount = 0;
  if (r.amount) {
    const a = code?.amount ? code.amount(ctx, vars) : interpret(r.amount as Expr, ctx, vars);
    amount = typeof a === 'number' ? a : 0;
  } else for (const v of violation.values()) amount += v;
  const lines: FindingLine[] = [
    ...[...violation].map(([sn, a]) => ({ feedetl_sn: sn, role: 'violation' as const, amount: toYuan(a) })),
    ...involved.map((sn) => ({ feedetl_sn: sn, role: 'involved' as const })),
  ];
  const msg = r.message ? (code?.message ? code.message(ctx, vars) : interpret(r.message as Expr, ctx, vars)) : undefined;
  return {
    rule_id: r.code,
    rule_name: r.name,
    result: grade,
    class: r.class,
    message: typeof msg === 'string' && msg !== '' ? msg : r.name,
    amount: toYuan(amount),
    basis: r.basis,
    lines,
    layer: r.provenance[r.provenance.length - 1]?.layer ?? '', // claim-format.md: the layer that last defined or changed the rule
  };
}
