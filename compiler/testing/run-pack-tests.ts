// Runs a pack's own `test` declarations against its built artifact: read the request file, apply
// the `with { … }` patches, evaluate with the test's stage/scenario/as_of, compare expectations.
// Browser-safe (the studio's test panel uses it): files come through `readText`.
import type { EvalResult, Finding } from '../../runtime/api.js';
import { evaluate, isBadRequest, type LoadedPack } from '../../runtime/index.js';
import type { LoweredTest } from '../layer/layer-ir.js';
import { compareDecimal } from '../check/constants.js';

export interface TestOutcome {
  readonly test: LoweredTest;
  readonly passed: boolean;
  readonly failures: readonly { readonly span: { start: number; end: number }; readonly zh: string; readonly en: string }[];
  readonly result?: EvalResult;
}

export async function runPackTests(pack: LoadedPack, tests: readonly LoweredTest[], readText: (path: string) => Promise<string | null>): Promise<TestOutcome[]> {
  const out: TestOutcome[] = [];
  for (const t of tests) out.push(await runOne(pack, t, readText));
  return out;
}

async function runOne(pack: LoadedPack, t: LoweredTest, readText: (path: string) => Promise<string | null>): Promise<TestOutcome> {
  const fail = (zh: string, en: string, span = t.span): TestOutcome => ({ test: t, passed: false, failures: [{ span, zh, en }] });
  if (!t.request) return fail('测试没有请求文件', 'the test has no request file');
  const text = await readText(t.request);
  if (text === null) return fail(`找不到请求文件 ${t.request}`, `request file ${t.request} not found`);
  let request: unknown;
  try {
    request = JSON.parse(text);
  } catch (e) {
    return fail(`请求文件 ${t.request} 不是有效的 JSON：${(e as Error).message}`, `request file ${t.request} is not valid JSON: ${(e as Error).message}`);
  }
  for (const p of t.patches) {
    const err = applyPatch(request, p.path, p.value);
    if (err) return fail(`无法修改 ${p.path.join('.')}：${err.zh}`, `cannot patch ${p.path.join('.')}: ${err.en}`);
  }
  let result: EvalResult;
  try {
    result = evaluate(pack, request, { ...(t.stage ? { stage: t.stage } : {}), ...(t.scenario ? { scenario: t.scenario } : {}), ...(t.asOf ? { asOf: t.asOf } : {}) });
  } catch (e) {
    if (isBadRequest(e)) return fail(`请求无效：${e.message}（${e.path}）`, `invalid request: ${e.message} (${e.path})`);
    throw e;
  }
  const failures: { span: { start: number; end: number }; zh: string; en: string }[] = [];
  const shown = (fs: readonly Finding[]) => fs.map((f) => `${f.rule_id}(${f.result}, ${f.amount.toFixed(2)})`).join(', ') || 'none';
  for (const x of t.expects) {
    if (x.kind === 'count') {
      if (result.findings.length !== x.count)
        failures.push({ span: x.span, zh: `应有 ${x.count} 条违规，实际 ${result.findings.length} 条：${shown(result.findings)}`, en: `expected ${x.count} finding(s), got ${result.findings.length}: ${shown(result.findings)}` });
    } else if (x.kind === 'finding') {
      const matches = result.findings.filter(
        (f) =>
          f.rule_id === x.code &&
          (x.line === null || f.lines.some((l) => l.role === 'violation' && l.feedetl_sn === x.line)) &&
          (x.amount === null || compareDecimal(f.amount.toFixed(2), x.amount) === 0) &&
          (x.result === null || f.result === x.result),
      );
      if (x.negated && matches.length)
        failures.push({ span: x.span, zh: `不应命中 ${x.code}，实际命中：${shown(matches)}`, en: `expected no finding ${x.code}, got ${shown(matches)}` });
      if (!x.negated && !matches.length) {
        const detail = [x.line ? `line ${x.line}` : '', x.amount ? `amount ${x.amount}` : '', x.result ?? ''].filter(Boolean).join(', ');
        failures.push({ span: x.span, zh: `应命中 ${x.code}${detail ? `（${detail}）` : ''}，实际：${shown(result.findings)}`, en: `expected finding ${x.code}${detail ? ` (${detail})` : ''}, got ${shown(result.findings)}` });
      }
    } else if (x.kind === 'value') {
      const got = result.values[x.name];
      const ok = x.value === null ? got === null || got === undefined : typeof got === 'number' && compareDecimal(got.toFixed(2), x.value) === 0;
      if (!ok) failures.push({ span: x.span, zh: `${x.name} 应为 ${x.value ?? 'none'}，实际为 ${got ?? 'none'}`, en: `${x.name} should be ${x.value ?? 'none'}, got ${got ?? 'none'}` });
    } else {
      if (!(result.notices ?? []).some((n) => n.code === x.code))
        failures.push({ span: x.span, zh: `应有提示 ${x.code}，实际：${(result.notices ?? []).map((n) => n.code).join(', ') || '无'}`, en: `expected notice ${x.code}, got ${(result.notices ?? []).map((n) => n.code).join(', ') || 'none'}` });
    }
  }
  return { test: t, passed: failures.length === 0, failures, result };
}

/** Set `path` inside a JSON value; creates missing object keys, refuses to index past a list's end. */
export function applyPatch(root: unknown, path: readonly (string | number)[], value: unknown): { zh: string; en: string } | null {
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
