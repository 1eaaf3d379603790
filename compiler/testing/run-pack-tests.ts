// Runs a pack's own `test` declarations against its built artifact: read the request file, apply
// the `with { … }` patches, evaluate with the test's stage/scenario/as_of, compare expectations.
// Browser-safe (the studio's test panel uses it): files come through `readText`.
import type { EvalResult } from '../../runtime/api.js';
import { evaluate, isBadRequest, type LoadedPack } from '../../runtime/index.js';
import type { LoweredTest } from '../layer/layer-ir.js';
import { applyPatch, checkExpectation } from './expectations.js';

export { applyPatch } from './expectations.js';

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
  for (const x of t.expects) {
    const why = checkExpectation(x, result);
    if (why) failures.push({ span: x.span, ...why });
  }
  return { test: t, passed: failures.length === 0, failures, result };
}
