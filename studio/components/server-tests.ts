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

/** Set `path` inside a JSON value, creating missing object keys (as run-pack-tests' applyPatch); an error text or null. */
export function patch(root: unknown, path: readonly (string | number)[], value: unknown): string | null {
  let node = root as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i]!;
    let next = node[seg];
    if (next === undefined || next === null) {
      if (typeof seg === 'number') return `index ${seg} is past the end of the list`;
      next = typeof path[i + 1] === 'number' ? [] : {};
      node[seg] = next;
    }
    if (typeof next !== 'object') return `${String(seg)} is not an object or list`;
    node = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (typeof last === 'number' && Array.isArray(node) && last > node.length) return `index ${last} is past the end of the list`;
  node[last] = value;
  return null;
}

type Expect = TestView['lowered']['expects'][number];

export function expectText(e: Expect): string {
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

const money = (x: number | string): string => Number(x).toFixed(2);

/** Compare one expectation with the server's answer (same semantics as run-pack-tests). */
export function check(e: Expect, r: EvalResult): TestCheck {
  const text = expectText(e);
  const shown = (fs: readonly { rule_id: string; result: string; amount: number }[]): string => fs.map((f) => `${f.rule_id}(${f.result}, ${money(f.amount)})`).join(', ') || 'none';
  const findings = r.findings ?? [];
  let message = '';
  if (e.kind === 'count' && findings.length !== e.count) message = `expected ${e.count} finding(s), got ${findings.length}: ${shown(findings)}`;
  if (e.kind === 'finding') {
    const matches = findings.filter(
      (f) =>
        f.rule_id === e.code &&
        (e.line === null || (f.lines ?? []).some((l) => l.role === 'violation' && l.feedetl_sn === e.line)) &&
        (e.amount === null || money(f.amount) === money(e.amount)) &&
        (e.result === null || f.result === e.result),
    );
    if (e.negated && matches.length) message = `expected no finding ${e.code}, got ${shown(matches)}`;
    if (!e.negated && !matches.length) message = `missing finding ${e.code}; got ${shown(findings)}`;
  }
  if (e.kind === 'value') {
    const got = r.values?.[e.name];
    const ok = e.value === null ? got === null || got === undefined : typeof got === 'number' && money(got) === money(e.value);
    if (!ok) message = `${e.name} = ${got === null || got === undefined ? 'none' : money(got)}, expected ${e.value ?? 'none'}`;
  }
  if (e.kind === 'notice' && !(r.notices ?? []).some((n) => n.code === e.code)) message = `missing notice ${e.code}`;
  return { text, ok: message === '', message };
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
    const err = patch(request, p.path, p.value);
    if (err) return fail(`cannot patch ${p.path.join('.')}: ${err}`);
  }
  const { answer: ans, source, label } = await run(request, x);
  if (!ans.ok) return { passed: false, messages: [`${ans.error} (${label})`], source };
  const checks = x.expects.map((e) => check(e, ans.value));
  const bad = checks.filter((c) => !c.ok);
  return { passed: bad.length === 0, messages: bad.map((c) => c.message), checks, result: ans.value, source };
}
