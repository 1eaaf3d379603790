// Running a pack's tests needs the national knowledge rows, which the browser does not have; when the
// registry server answers, each test's request (with its `with { … }` patches, applied the way
// compiler/testing/run-pack-tests.ts applyPatch does) is evaluated there by
// POST /api/eval/sources?explain=true together with the pack's sources AS EDITED (so unpublished
// edits are tested), and the expectations are compared here, one check per `expect`. Only when the
// server has no such route (an older registry) or no sources are given does it fall back to the
// PUBLISHED version (POST /api/eval/:id/:version); each result says which one it used.
import type { Analysis, TestView } from '../worker/protocol.js';
import { evalSourcesOnServer } from './eval-sources-api.js';
import { evalOnServer, type Answer, type EvalOptions, type EvalResult } from './server-api.js';
import { applyPatch, checkExpectation, expectationText } from '../../compiler/testing/expectations.js';

/** What a test ran against: the editor contents, or the published version. */
export type TestSource = 'edits' | 'published';

export interface TestCheck {
  /** The expectation as written (`finding SX0001 result reminder`, `value pooling_payment = 82.80`). */
  readonly text: string;
  readonly ok: boolean;
  /** Why it failed (empty when ok). */
  readonly message: string;
}

export interface TestResult {
  readonly passed: boolean;
  readonly messages: readonly string[];
  readonly checks?: readonly TestCheck[];
  /** The server's answer (findings with explanations, values), when it answered. */
  readonly result?: EvalResult;
  /** Which version was evaluated (absent when the test failed before reaching the server). */
  readonly source?: TestSource;
}

type Evaluate = (request: unknown, o: EvalOptions) => Promise<{ answer: Answer<EvalResult>; source: TestSource; label: string }>;

/**
 * How each test is evaluated: with `files` (the pack's sources as edited) by POST /api/eval/sources,
 * else — or once the server turns out not to have that route — the published version.
 */
function evaluator(registry: string, a: Analysis, files?: Readonly<Record<string, string>> | null): Evaluate {
  const published = `${a.packId}@${a.version}`;
  let useSources = !!files && Object.keys(files).length > 0;
  return async (request, o) => {
    if (useSources) {
      const s = await evalSourcesOnServer(registry, files!, [request], o);
      if (s.ok) {
        const r = s.results[0];
        if (!r) return { answer: { ok: false, error: 'the server answered no result' }, source: 'edits', label: s.pack };
        const answer: Answer<EvalResult> = r.error ? { ok: false, error: `${r.error.message}${r.error.path ? ` (${r.error.path})` : ''}` } : { ok: true, value: r };
        return { answer, source: 'edits', label: s.pack || published };
      }
      if (!s.missing) {
        // A compile error: the 422 message already names the first diagnostics as path:line:col.
        const error = s.error;
        return { answer: { ok: false, error }, source: 'edits', label: published };
      }
      useSources = false; // an older registry: fall back to the published version from now on
    }
    return { answer: await evalOnServer(registry, a.packId ?? '', a.version ?? '', request, o), source: 'published', label: published };
  };
}

/** Run every test of `a`; `files` = the pack's sources as edited (path within the pack → text). */
export async function runTestsOnServer(registry: string, a: Analysis, read: (path: string) => string | null, onOne?: (name: string, r: TestResult) => void, files?: Readonly<Record<string, string>> | null): Promise<Map<string, TestResult>> {
  const out = new Map<string, TestResult>();
  const run = evaluator(registry, a, files);
  for (const t of a.tests) {
    const r = await runOne(run, a, t, read);
    out.set(t.name, r);
    onOne?.(t.name, r);
  }
  return out;
}

/** `rulepacks/xinzhou` + `../shanxi/tests/visit.json` → `rulepacks/shanxi/tests/visit.json`. */
export function resolvePath(label: string, rel: string): string {
  const parts: string[] = label.split('/');
  for (const seg of rel.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

type Expect = TestView['lowered']['expects'][number];

/** Compare one expectation with the server's answer: the same check as `liangku test` (compiler/testing/expectations.ts). */
function check(e: Expect, r: EvalResult): TestCheck {
  const why = checkExpectation(e, r);
  return { text: expectationText(e), ok: why === null, message: why?.en ?? '' };
}

async function runOne(run: Evaluate, a: Analysis, t: TestView, read: (path: string) => string | null): Promise<TestResult> {
  const x = t.lowered;
  const fail = (m: string): TestResult => ({ passed: false, messages: [m] });
  if (!x.request) return fail('no request file');
  const text = read(resolvePath(a.pack, x.request));
  if (text === null) return fail(`request file ${x.request} not found`);
  let request: unknown;
  try {
    request = JSON.parse(text);
  } catch (e) {
    return fail(`request file ${x.request} is not JSON: ${(e as Error).message}`);
  }
  for (const p of x.patches) {
    const err = applyPatch(request, p.path, p.value);
    if (err) return fail(`cannot patch ${p.path.join('.')}: ${err.en}`);
  }
  const { answer: ans, source, label } = await run(request, x);
  if (!ans.ok) return { passed: false, messages: [`${ans.error} (${label})`], source };
  const checks = x.expects.map((e) => check(e, ans.value));
  const bad = checks.filter((c) => !c.ok);
  return { passed: bad.length === 0, messages: bad.map((c) => c.message), checks, result: ans.value, source };
}
