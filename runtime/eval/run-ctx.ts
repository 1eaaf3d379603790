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

/** In `direct`: the key has dated versions, so the row depends on the evaluation date. */
export const DATED: unique symbol = Symbol('dated');
const NO_ROWS: ReadonlyMap<string, unknown> = new Map<string, unknown>();

interface TableView {
  readonly t: LoadedTable;
  /** Keys in force every day → their row (bind-knowledge undatedRows). */
  readonly undated: ReadonlyMap<string, number>;
  /** Every key → its row when undated, else DATED: one Map read answers most look-ups, hit or miss. */
  readonly direct: ReadonlyMap<string, Record<string, unknown> | typeof DATED>;
}

function directIndex(t: LoadedTable, undated: ReadonlyMap<string, number>): Map<string, Record<string, unknown> | typeof DATED> {
  const m = new Map<string, Record<string, unknown> | typeof DATED>();
  for (const k of t.index.keys()) {
    const i = undated.get(k);
    m.set(k, i === undefined ? DATED : t.rows[i]);
  }
  return m;
}
const VIEWS = new WeakMap<LoadedPack, ReadonlyMap<string, TableView>>();

/** Each table with its undated-key index, resolved once per pack (not per look-up). */
function tableViews(pack: LoadedPack): ReadonlyMap<string, TableView> {
  let m = VIEWS.get(pack);
  if (!m) {
    const out = new Map<string, TableView>();
    for (const [name, t] of pack.tables) {
      const undated = undatedRows(t);
      out.set(name, { t, undated, direct: directIndex(t, undated) });
    }
    VIEWS.set(pack, (m = out));
  }
  return m;
}

/**
 * The per-request context. A class, so every request shares one `lookup`/`param`/… (generated code's
 * call sites stay monomorphic and nothing is allocated per method). Methods work on `self`, the
 * instance itself, so a view made with Object.create(ctx) (batch) reads the same state as before.
 */
class RequestContext implements RequestCtx {
  readonly yearStart: string;
  readonly patient: Record<string, unknown>;
  readonly encounter: Record<string, unknown>;
  readonly history: readonly unknown[];
  trace: Trace | null = null;
  private readonly self: RequestContext;
  // Made on first use: most requests of most packs need none of these (a Map each per request adds up).
  private memoMap: Map<string, unknown> | null = null;
  // Rules often look up the same key for the same line: remember answers for this request.
  private rowsSeenMap: Map<string, Map<string, number | undefined>> | null = null;
  private computesMap: Map<string, ComputeOutcome> | null = null;
  private get memo(): Map<string, unknown> {
    return (this.memoMap ??= new Map());
  }
  private get rowsSeen(): Map<string, Map<string, number | undefined>> {
    return (this.rowsSeenMap ??= new Map());
  }
  private get computes(): Map<string, ComputeOutcome> {
    return (this.computesMap ??= new Map());
  }
  private readonly views: ReadonlyMap<string, TableView>;
  // Slot values per slot table: nearly always one table (the pack's), kept apart from the map.
  private slotTable: object | null = null;
  private slotValues: unknown[] = [];
  private moreSlots: Map<object, unknown[]> | null = null;

  constructor(
    private readonly pack: LoadedPack, readonly request: Record<string, unknown>, readonly asOf: number,
    private readonly params: ReadonlyMap<string, unknown>, private readonly toDay: (s: string) => number | undefined,
  ) {
    this.self = this;
    this.yearStart = pack.artifact.manifest.yearStart;
    this.patient = request['patient'] as Record<string, unknown>;
    this.encounter = request['encounter'] as Record<string, unknown>;
    this.history = Array.isArray(request['history']) ? request['history'] : [];
    this.views = tableViews(pack);
  }

  param(name: string): unknown {
    const c = this.self;
    c.trace?.params.push(name);
    return c.params.get(name);
  }

  slots(table: object): unknown[] {
    const c = this.self;
    if (c.slotTable === table) return c.slotValues;
    if (c.slotTable === null) {
      c.slotTable = table;
      return c.slotValues;
    }
    c.moreSlots ??= new Map();
    let s = c.moreSlots.get(table);
    if (!s) c.moreSlots.set(table, (s = []));
    return s;
  }

  /** A table's direct index (key → row, or DATED when the row depends on the date); empty for an unknown table. */
  direct(table: string): ReadonlyMap<string, unknown> {
    return this.self.views.get(table)?.direct ?? NO_ROWS;
  }

  lookup1(table: string, key: unknown): unknown {
    if (key === undefined) return undefined;
    const c = this.self;
    if (typeof key === 'string' && c.trace === null) {
      // The common case: a code looked up in a table whose rows for it are undated (or absent).
      const view = c.views.get(table);
      if (!view) return undefined;
      const row = view.direct.get(key);
      if (row !== DATED) return row;
    }
    return c.lookup(table, [key]);
  }

  lookup(table: string, keys: readonly unknown[]): unknown {
    const c = this.self;
    const view = c.views.get(table);
    if (!view) return undefined;
    const t = view.t;
    const k0 = keys[0];
    const kt = keys.length === 1 && typeof k0 === 'string' ? k0 : keyText(keys);
    // Keys without validity periods (most knowledge) are in force every day: straight to the row.
    let i = view.undated.get(kt);
    if (i === undefined) {
      if (!t.index.has(kt)) return undefined;
      let seen = c.rowsSeen.get(table);
      if (!seen) c.rowsSeen.set(table, (seen = new Map()));
      i = seen.get(kt);
      if (i === undefined && !seen.has(kt)) seen.set(kt, (i = rowInForce(t, kt, c.asOf)));
      if (i === undefined) return undefined;
    }
    c.trace?.rows.push({ table, key: [...keys], index: i });
    return t.rows[i];
  }

  indicator(name: string): unknown {
    const c = this.self;
    if (c.memo.has(name)) return c.memo.get(name);
    let v: unknown;
    const ind = c.pack.indicators.get(name);
    if (ind) {
      // Batch indicators (with `per` keys) have no per-request value.
      if (ind.per.length === 0) {
        const vars = new Array(ind.vars.length);
        if (!ind.where || interpret(ind.where as Expr, c, vars) === true) v = interpret(ind.value as Expr, c, vars);
      }
    } else if (c.pack.computes.has(name)) {
      v = c.compute(name).value;
    }
    c.memo.set(name, v);
    return v;
  }

  compute(name: string): ComputeOutcome {
    const ctx = this.self;
    const done = ctx.computes.get(name);
    if (done) return done;
    const c = ctx.pack.computes.get(name)!;
    let out: ComputeOutcome;
    if (!inPeriod(c.effective, ctx.asOf, ctx.toDay)) out = { value: undefined, notInForce: true };
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
    ctx.computes.set(name, out);
    return out;
  }
}

export function makeCtx(
  pack: LoadedPack, req: Record<string, unknown>, asOf: number, params: ReadonlyMap<string, unknown>,
  toDay: (s: string) => number | undefined,
): RequestCtx {
  return new RequestContext(pack, req, asOf, params, toDay);
}
