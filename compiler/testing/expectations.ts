// What a pack test expects, checked against one evaluation result — the one implementation used by
// `liangku test` (run-pack-tests.ts) and by the studio's test panel (which gets its results from the
// server). Browser-safe: types and plain functions only.
import type { EvalResult, Finding } from '../../runtime/api.js';
import type { LoweredTest } from '../layer/layer-ir.js';
import { compareDecimal } from '../check/constants.js';

export type Expectation = LoweredTest['expects'][number];
export interface Words {
  readonly zh: string;
  readonly en: string;
}

const money = (x: number | string): string => Number(x).toFixed(2);
const shown = (fs: readonly Finding[]): string => fs.map((f) => `${f.rule_id}(${f.result}, ${money(f.amount)})`).join(', ') || 'none';

/** The expectation as written in the pack (`finding SX0001 result reminder`, `value x = 82.80`). */
export function expectationText(e: Expectation): string {
  switch (e.kind) {
    case 'count':
      return `findings ${e.count}`;
    case 'value':
      return `value ${e.name} = ${e.value ?? 'none'}`;
    case 'notice':
      return `notice ${e.code}`;
    case 'finding':
      return [e.negated ? 'no finding' : 'finding', e.code, e.line !== null ? `line "${e.line}"` : '', e.amount !== null ? `amount ${e.amount}` : '', e.result !== null ? `result ${e.result}` : '']
        .filter(Boolean)
        .join(' ');
  }
}

/** Why `r` does not meet `e`, or null when it does. Amounts and values compare exactly to the fen. */
export function checkExpectation(e: Expectation, r: EvalResult): Words | null {
  const findings = r.findings ?? [];
  switch (e.kind) {
    case 'count':
      return findings.length === e.count ? null : { zh: `应有 ${e.count} 条违规，实际 ${findings.length} 条：${shown(findings)}`, en: `expected ${e.count} finding(s), got ${findings.length}: ${shown(findings)}` };
    case 'finding': {
      const matches = findings.filter(
        (f) =>
          f.rule_id === e.code &&
          (e.line === null || (f.lines ?? []).some((l) => l.role === 'violation' && l.feedetl_sn === e.line)) &&
          (e.amount === null || compareDecimal(money(f.amount), e.amount) === 0) &&
          (e.result === null || f.result === e.result),
      );
      if (e.negated) return matches.length ? { zh: `不应命中 ${e.code}，实际命中：${shown(matches)}`, en: `expected no finding ${e.code}, got ${shown(matches)}` } : null;
      return matches.length ? null : { zh: `应命中 ${expectationText(e).replace(/^finding /, '')}，实际：${shown(findings)}`, en: `missing finding ${expectationText(e).replace(/^finding /, '')}; got ${shown(findings)}` };
    }
    case 'value': {
      const got = r.values?.[e.name];
      const ok = e.value === null ? got === null || got === undefined : typeof got === 'number' && compareDecimal(money(got), e.value) === 0;
      const gotText = got === null || got === undefined ? 'none' : money(got);
      return ok ? null : { zh: `${e.name} = ${gotText}，应为 ${e.value ?? 'none'}`, en: `${e.name} = ${gotText}, expected ${e.value ?? 'none'}` };
    }
    case 'notice': {
      const codes = (r.notices ?? []).map((n) => n.code);
      return codes.includes(e.code) ? null : { zh: `应有提示 ${e.code}，实际：${codes.join(', ') || '无'}`, en: `missing notice ${e.code}; got ${codes.join(', ') || 'none'}` };
    }
  }
}

/** Set `path` inside a JSON value (a test's `with { … }` patch); creates missing object keys, refuses to index past a list's end. */
export function applyPatch(root: unknown, path: readonly (string | number)[], value: unknown): Words | null {
  let node = root as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i]!;
    let next = node[seg];
    if (next === undefined || next === null) {
      if (typeof seg === 'number') return { zh: `下标 ${seg} 超出列表长度`, en: `index ${seg} is past the end of the list` };
      next = typeof path[i + 1] === 'number' ? [] : {};
      node[seg] = next;
    }
    if (typeof next !== 'object') return { zh: `${String(seg)} 不是对象或列表`, en: `${String(seg)} is not an object or list` };
    node = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (typeof last === 'number' && Array.isArray(node) && last > node.length) return { zh: `下标 ${last} 超出列表长度`, en: `index ${last} is past the end of the list` };
  node[last] = value;
  return null;
}
