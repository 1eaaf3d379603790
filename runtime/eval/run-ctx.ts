// Build the per-request context: parameters (with scenario settings), knowledge lookups in force at
// the evaluation date, and lazily memoized indicators and computes (one namespace, indicators first).
import type { LoadedPack, LoadedTable } from '../load/loaded-pack.js';
import type { RunCtx } from './context.js';
import type { Expr, Step } from '../artifact/ir-node.js';
import { rowInForce, keyText, undatedRows } from '../load/bind-knowledge.js';
import { interpret, runSteps } from './interpret.js';

export interface Trace {
  rows: { table: string; key: unknown[]; index: number }[];
  params: string[];
}

export interface ComputeOutcome {
  value: unknown;
  notInForce: boolean;
}

export interface RequestCtx extends RunCtx {
  trace: Trace | null;
  compute(name: string): ComputeOutcome;
}

const PERIODS = new WeakMap<object, readonly [number | undefined, number | undefined]>();

/** Whether `day` lies in the period (both ends inclusive); the period's day numbers are parsed once. */
export function inPeriod(p: { from: string; to: string | null } | null, day: number, toDay: (s: string) => number | undefined): boolean {
  if (!p) return true;
  let range = PERIODS.get(p);
  if (!range) PERIODS.set(p, (range = [toDay(p.from), p.to ? toDay(p.to) : undefined]));
  const [from, to] = range;
  return (from === undefined || day >= from) && (to === undefined || day <= to);
}

interface TableView {
  readonly t: LoadedTable;
  /** Keys in force every day → their row (bind-knowledge undatedRows). */
  readonly undated: ReadonlyMap<string, number>;
}
const VIEWS = new WeakMap<LoadedPack, ReadonlyMap<string, TableView>>();

/** Each table with its undated-key index, resolved once per pack (not per look-up). */
function tableViews(pack: LoadedPack): ReadonlyMap<string, TableView> {
  let m = VIEWS.get(pack);
  if (!m) {
    const out = new Map<string, TableView>();
    for (const [name, t] of pack.tables) out.set(name, { t, undated: undatedRows(t) });
    VIEWS.set(pack, (m = out));
  }
  return m;
}

export function makeCtx(
  pack: LoadedPack, req: Record<string, unknown>, asOf: number, params: ReadonlyMap<string, unknown>,
  toDay: (s: string) => number | undefined,
): RequestCtx {
  const memo = new Map<string, unknown>();
  // Rules often look up the same key for the same line: remember answers for this request.
  const rowsSeen = new Map<string, Map<string, number | undefined>>();
  const computes = new Map<string, ComputeOutcome>();
  const views = tableViews(pack);
  const history = Array.isArray(req['history']) ? req['history'] : [];
  const ctx: RequestCtx = {
    asOf,
    yearStart: pack.artifact.manifest.yearStart,
    request: req,
    patient: req['patient'] as Record<string, unknown>,
    encounter: req['encounter'] as Record<string, unknown>,
    history,
    trace: null,
    param(name) {
      ctx.trace?.params.push(name);
      return params.get(name);
    },
    lookup(table, keys) {
      const view = views.get(table);
      if (!view) return undefined;
      const t = view.t;
      const k0 = keys[0];
      const kt = keys.length === 1 && typeof k0 === 'string' ? k0 : keyText(keys);
      // Keys without validity periods (most knowledge) are in force every day: straight to the row.
      let i = view.undated.get(kt);
      if (i === undefined) {
        if (!t.index.has(kt)) return undefined;
        let seen = rowsSeen.get(table);
        if (!seen) rowsSeen.set(table, (seen = new Map()));
        i = seen.get(kt);
        if (i === undefined && !seen.has(kt)) seen.set(kt, (i = rowInForce(t, kt, asOf)));
        if (i === undefined) return undefined;
      }
      ctx.trace?.rows.push({ table, key: [...keys], index: i });
      return t.rows[i];
    },
    indicator(name) {
      if (memo.has(name)) return memo.get(name);
      let v: unknown;
      const ind = pack.indicators.get(name);
      if (ind) {
        // Batch indicators (with `per` keys) have no per-request value.
        if (ind.per.length === 0) {
          const vars = new Array(ind.vars.length);
          if (!ind.where || interpret(ind.where as Expr, ctx, vars) === true) v = interpret(ind.value as Expr, ctx, vars);
        }
      } else if (pack.computes.has(name)) {
        v = ctx.compute(name).value;
      }
      memo.set(name, v);
      return v;
    },
    compute(name) {
      const done = computes.get(name);
      if (done) return done;
      const c = pack.computes.get(name)!;
      let out: ComputeOutcome;
      if (!inPeriod(c.effective, asOf, toDay)) out = { value: undefined, notInForce: true };
      else {
        let value: unknown;
        let reached = false;
        runSteps(c.steps as Step[], ctx, new Array(c.vars.length), (vars) => {
          if (reached) return; // let/when only: at most one binding; keep the first
          reached = true;
          value = interpret(c.value as Expr, ctx, vars);
        });
        out = { value, notInForce: false };
      }
      computes.set(name, out);
      return out;
    },
  };
  return ctx;
}
