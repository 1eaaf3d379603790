// Running a pack's tests needs the national knowledge rows, which the browser does not have; when the
// registry server answers, each test's request (with its `with { … }` patches) is evaluated there by
// POST /api/eval/:id/:version and the expectations are compared here. The server evaluates the
// PUBLISHED version of the pack, so edits not yet published are not reflected (shown in the note).
import type { Analysis, TestView } from '../worker/protocol.js';

export interface TestResult {
  readonly passed: boolean;
  readonly messages: readonly string[];
}

interface EvalAnswer {
  findings?: { rule_id: string; result: string; amount: number; lines?: { role: string; feedetl_sn: string }[] }[];
  values?: Record<string, unknown>;
  notices?: { code: string }[];
  error?: { message?: string } | string;
}

export async function runTestsOnServer(registry: string, a: Analysis, read: (path: string) => string | null): Promise<Map<string, TestResult>> {
  const out = new Map<string, TestResult>();
  for (const t of a.tests) out.set(t.name, await runOne(registry, a, t, read));
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

/** Set `path` inside a JSON value, creating missing object keys. */
export function patch(root: unknown, path: readonly (string | number)[], value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i]!;
    if (node[seg] === undefined || node[seg] === null) node[seg] = typeof path[i + 1] === 'number' ? [] : {};
    node = node[seg] as Record<string | number, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

async function runOne(registry: string, a: Analysis, t: TestView, read: (path: string) => string | null): Promise<TestResult> {
  const x = t.lowered;
  const fail = (m: string): TestResult => ({ passed: false, messages: [m] });
  if (!x.request) return fail('no request file');
  const text = read(resolvePath(a.pack, x.request));
  if (text === null) return fail(`request file ${x.request} not found`);
  const request = JSON.parse(text) as unknown;
  for (const p of x.patches) patch(request, p.path, p.value);
  const q = new URLSearchParams();
  if (x.stage) q.set('stage', x.stage);
  if (x.scenario) q.set('scenario', x.scenario);
  if (x.asOf) q.set('asOf', x.asOf);
  let r: Response;
  try {
    r = await fetch(`${registry}/api/eval/${encodeURIComponent(a.packId ?? '')}/${encodeURIComponent(a.version ?? '')}?${q}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
  } catch (e) {
    return fail(`server unreachable: ${(e as Error).message}`);
  }
  const body = (await r.json().catch(() => ({}))) as EvalAnswer;
  if (!r.ok || body.error) return fail(`${r.status} ${typeof body.error === 'string' ? body.error : (body.error?.message ?? '')} (${a.packId}@${a.version})`);
  const findings = body.findings ?? [];
  const msgs: string[] = [];
  for (const e of x.expects) {
    if (e.kind === 'count' && findings.length !== e.count) msgs.push(`expected ${e.count} finding(s), got ${findings.length}`);
    if (e.kind === 'finding') {
      const hit = findings.some(
        (f) =>
          f.rule_id === e.code &&
          (e.line === null || (f.lines ?? []).some((l) => l.role === 'violation' && l.feedetl_sn === e.line)) &&
          (e.amount === null || f.amount.toFixed(2) === Number(e.amount).toFixed(2)) &&
          (e.result === null || f.result === e.result),
      );
      if (hit === e.negated) msgs.push(`${e.negated ? 'unexpected' : 'missing'} finding ${e.code}`);
    }
    if (e.kind === 'value') {
      const got = body.values?.[e.name];
      const ok = e.value === null ? got === null || got === undefined : typeof got === 'number' && got.toFixed(2) === Number(e.value).toFixed(2);
      if (!ok) msgs.push(`${e.name} = ${String(got ?? 'none')}, expected ${e.value ?? 'none'}`);
    }
    if (e.kind === 'notice' && !(body.notices ?? []).some((n) => n.code === e.code)) msgs.push(`missing notice ${e.code}`);
  }
  return { passed: msgs.length === 0, messages: msgs };
}
