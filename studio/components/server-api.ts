// The registry server's routes the studio calls (docs/http-api.md, docs/governance.md). Every
// function answers `{ ok, value } | { ok: false, error }` instead of throwing: a missing server or a
// refusal is shown in the page as plain words.
import type { Artifact } from '../../runtime/artifact/ir.js';
import type { EvalResult, Explanation, Finding } from '../../runtime/api.js';

export type { Artifact, EvalResult, Explanation, Finding };
export type Answer<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export interface EvalOptions {
  readonly stage?: string | null;
  readonly scenario?: string | null;
  readonly asOf?: string | null;
}

async function call<T>(url: string, init?: RequestInit): Promise<Answer<T>> {
  let r: Response;
  try {
    r = await fetch(url, { ...init, headers: { accept: 'application/json', ...(init?.headers ?? {}) } });
  } catch (e) {
    return { ok: false, error: `server unreachable: ${(e as Error).message}` };
  }
  const body = (await r.json().catch(() => null)) as (T & { error?: { message?: string } | string }) | null;
  if (!r.ok || body === null) {
    const err = body?.error;
    return { ok: false, error: `${r.status} ${typeof err === 'string' ? err : (err?.message ?? r.statusText)}` };
  }
  return { ok: true, value: body };
}

/** POST /api/eval/:id/:version?explain=true — one request, one result (or its EvalError). */
export async function evalOnServer(registry: string, packId: string, version: string, request: unknown, o: EvalOptions = {}): Promise<Answer<EvalResult>> {
  const q = new URLSearchParams({ explain: 'true' });
  if (o.stage) q.set('stage', o.stage);
  if (o.scenario) q.set('scenario', o.scenario);
  if (o.asOf) q.set('asOf', o.asOf);
  const a = await call<EvalResult & { error?: { code: string; message: string; path?: string } }>(
    `${registry}/api/eval/${encodeURIComponent(packId)}/${encodeURIComponent(version)}?${q}`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) },
  );
  if (a.ok && a.value.error) return { ok: false, error: `${a.value.error.message}${a.value.error.path ? ` (${a.value.error.path})` : ''}` };
  return a;
}

const artifacts = new Map<string, Promise<Answer<Artifact>>>();

/** GET /api/packs/:id/:version — the served artifact (cached per page: a version's artifact never changes). */
export function fetchArtifact(registry: string, packId: string, version: string): Promise<Answer<Artifact>> {
  const key = `${registry}|${packId}|${version}`;
  let p = artifacts.get(key);
  if (!p) {
    p = call<Artifact>(`${registry}/api/packs/${encodeURIComponent(packId)}/${encodeURIComponent(version)}`);
    artifacts.set(key, p);
    void p.then((a) => (a.ok ? undefined : artifacts.delete(key)));
  }
  return p;
}

export interface Interval {
  readonly p: number; // point estimate
  readonly lo: number;
  readonly hi: number;
}
export interface RuleStats {
  readonly rule: string;
  readonly group: string | null;
  readonly hits: number;
  readonly reviewed: number;
  readonly pending: number;
  readonly overturned: number;
  readonly appealRate: number;
  readonly moneyFlagged: number;
  readonly moneyUpheld: number;
  readonly fp: Interval;
  readonly proposal: { readonly action: 'retire' | 'review'; readonly because: { readonly zh: string; readonly en: string } } | null;
}
export interface StatsReport {
  readonly by: string;
  readonly outcomes: number;
  readonly rules: readonly RuleStats[];
}

/** GET /api/governance/stats?by=rule|month[&pack=] */
export function fetchStats(registry: string, by: 'rule' | 'month', pack?: string): Promise<Answer<StatsReport>> {
  const q = new URLSearchParams({ by });
  if (pack) q.set('pack', pack);
  return call<StatsReport>(`${registry}/api/governance/stats?${q}`);
}

/** One item of a batch answer: a result, or the EvalError that took a request's place. */
export type BatchItem = EvalResult | { readonly line?: number; readonly request_id?: string; readonly error: { readonly code: string; readonly message: string; readonly path?: string } };

/** POST /api/eval/:id/:version with a JSON array body — the results, in order (docs/http-api.md). */
export async function evalBatchOnServer(registry: string, packId: string, version: string, requests: readonly unknown[], o: EvalOptions = {}): Promise<Answer<BatchItem[]>> {
  const q = new URLSearchParams();
  if (o.stage) q.set('stage', o.stage);
  if (o.scenario) q.set('scenario', o.scenario);
  if (o.asOf) q.set('asOf', o.asOf);
  const a = await call<BatchItem[]>(`${registry}/api/eval/${encodeURIComponent(packId)}/${encodeURIComponent(version)}${q.size ? `?${q}` : ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(requests),
  });
  if (a.ok && !Array.isArray(a.value)) return { ok: false, error: 'the server did not answer with an array of results' };
  return a;
}
