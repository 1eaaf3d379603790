// Part 4 of `npm run bench`: the registry server under load (issue 9), with autocannon on loopback
// against an in-process server (buildApp on a temp data dir) where the bundled packs are published.
//  - POST /api/3101 with a realistic call: one inpatient, 20 current orders, one earlier visit as
//    history (test/fixtures/platform-3101.ts). Target ≥ 3,000 requests/s on two cores.
//  - GET /api/packs/nhsa.audit/^1.0 with If-None-Match (the 304 a watching engine sends every poll)
//    and without (the whole national artifact, ~8 MB). Target ≥ 2,000 requests/s, p99 ≤ 50 ms.
// autocannon runs in one worker thread so the load generator does not share the server's event loop.
// Run alone: node --import tsx bench/server-bench.ts [--seconds N]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism as availableCores, loadavg, tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { buildApp } from '../server/app.js';
import { seedBundledPacks } from '../server/seed-bundled.js';
import { order, patientDto, platformCall } from '../test/fixtures/platform-3101.js';

interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  throughput: { average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats?: Record<string, { count: number }>;
}
type Cannon = (opts: Record<string, unknown>) => Promise<CannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Cannon;

export interface LoadRow {
  name: string;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  mbPerSec: number;
  total: number;
  /** requests answered with another status than expected, plus socket errors and timeouts */
  failures: number;
  connections: number;
  target: string;
  /** Server event-loop busy time per request (ms of the main thread's active time / requests), and its utilization 0–1. */
  serverBusyMsPerRequest: number;
  serverUtilization: number;
  /**
   * CPU time of the server's main thread per request (ms; Linux /proc, 10 ms ticks, else NaN). Busy time
   * counts the time the thread waited for a core on a shared machine too; CPU time does not.
   */
  serverCpuMsPerRequest: number;
}

export interface ServerReport {
  seconds: number;
  requestLines: number;
  requestBytes: number;
  artifactBytes: number;
  platform: LoadRow;
  fetch304: LoadRow;
  fetchFull: LoadRow;
  /** 1-minute load average before and after (the machine is shared: read the rows against it). */
  loadAverage: { before: number; after: number };
}

/** A 3101 call whose current encounter has `lines` orders (a mix that fires and passes rules). */
export function platformRequest(lines = 20): Record<string, unknown> {
  const base = patientDto() as Record<string, unknown> & { fsi_encounter_dtos: Record<string, unknown>[] };
  const [history, current] = base.fsi_encounter_dtos;
  const orders = Array.from({ length: lines }, (_, i) => {
    const id = String(2000 + i);
    if (i % 5 === 1) return order(id, { hilist_code: 'FK01', hilist_name: '妇科检查', chrg_type: '03', hilist_lv: '01', pric: '20.00', sumamt: '20.00' });
    if (i % 5 === 2) return order(id, { hilist_code: `XB${10 + i}`, cnt: '2', pric: '12.50', sumamt: '25.00', drord_begn_date: '2025-03-04 10:00:00' });
    return order(id, { cnt: String(1 + (i % 3)), sumamt: (150 * (1 + (i % 3))).toFixed(2), drord_begn_date: `2025-03-0${3 + (i % 6)} 10:00:00` });
  });
  const patient = { ...base, fsi_encounter_dtos: [history, { ...current, fsi_order_dtos: orders }] };
  return platformCall({ patients: [patient] });
}

/** CPU time (ms) the main thread has used so far: utime + stime of /proc/self/task/<pid>/stat (NaN off Linux). */
function mainThreadCpuMs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // after "pid (comm) "; utime, stime are fields 14, 15
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}

async function load(url: string, o: { name: string; seconds: number; connections: number; method?: string; body?: string; headers?: Record<string, string>; expect: number; target: string }): Promise<LoadRow> {
  // The server's own main thread (autocannon runs in a worker of this process, so process CPU would count it too).
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = mainThreadCpuMs();
  const r = await autocannon({
    url,
    method: o.method ?? 'GET',
    body: o.body,
    headers: o.headers,
    connections: o.connections,
    duration: o.seconds,
    workers: 1,
  });
  const elu = performance.eventLoopUtilization(elu0);
  const cpuMs = mainThreadCpuMs() - cpu0;
  const expected = Number(r.statusCodeStats?.[String(o.expect)]?.count ?? 0);
  return {
    name: o.name,
    requestsPerSec: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    mbPerSec: r.throughput.average / 1e6,
    total: r.requests.total,
    failures: r.requests.total - expected + r.errors + r.timeouts,
    connections: o.connections,
    target: o.target,
    serverBusyMsPerRequest: r.requests.total ? elu.active / r.requests.total : 0,
    serverUtilization: elu.utilization,
    serverCpuMsPerRequest: r.requests.total ? cpuMs / r.requests.total : NaN,
  };
}

export async function serverBench(log: (s: string) => void, opts: { seconds?: number } = {}): Promise<ServerReport> {
  const seconds = opts.seconds ?? 10;
  const loadBefore = loadavg()[0]!;
  const dataDir = mkdtempSync(join(tmpdir(), 'lk-server-bench-'));
  const app = await buildApp({ dataDir });
  try {
    const seeded = await seedBundledPacks(app.registryStore);
    if (!seeded.published.some((p) => p.startsWith('nhsa.audit@'))) throw new Error(`the national pack was not published: ${seeded.problems.join('; ')}`);
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const request = platformRequest(20);
    const body = JSON.stringify(request);
    // Warm up (pack load into the eval cache, JIT) and check the call really audits.
    const warm = await fetch(`${url}/api/3101`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const answer = (await warm.json()) as { infcode?: number; output?: { result?: unknown[] } };
    if (warm.status !== 200 || answer.infcode !== 0) throw new Error(`POST /api/3101 did not answer infcode 0: ${JSON.stringify(answer).slice(0, 300)}`);
    log(`3101 request: 20 orders, ${body.length} bytes, ${answer.output?.result?.length ?? 0} violations in the answer`);
    const full = await fetch(`${url}/api/packs/nhsa.audit/^1.0`);
    const etag = full.headers.get('etag')!;
    const artifactBytes = (await full.arrayBuffer()).byteLength;

    const platform = await load(`${url}/api/3101`, {
      name: 'POST /api/3101 (20 orders)', seconds, connections: 16, method: 'POST', body,
      headers: { 'content-type': 'application/json' }, expect: 200, target: '≥ 3,000 req/s',
    });
    log(`POST /api/3101: ${Math.round(platform.requestsPerSec)} req/s, p50 ${platform.p50Ms} ms, p99 ${platform.p99Ms} ms, ${platform.failures} failures; server main thread ${(platform.serverCpuMsPerRequest * 1000).toFixed(0)} µs CPU / ${(platform.serverBusyMsPerRequest * 1000).toFixed(0)} µs busy per request (event loop ${Math.round(platform.serverUtilization * 100)}% busy); load average ${loadavg()[0]!.toFixed(2)}`);
    const fetch304 = await load(`${url}/api/packs/nhsa.audit/%5E1.0`, {
      name: 'GET /api/packs/nhsa.audit/^1.0 with If-None-Match (304)', seconds, connections: 16,
      headers: { 'if-none-match': etag }, expect: 304, target: '≥ 2,000 req/s, p99 ≤ 50 ms',
    });
    log(`GET ^1.0 (304): ${Math.round(fetch304.requestsPerSec)} req/s, p99 ${fetch304.p99Ms} ms, ${fetch304.failures} failures`);
    const fetchFull = await load(`${url}/api/packs/nhsa.audit/%5E1.0`, {
      name: `GET /api/packs/nhsa.audit/^1.0 full (${(artifactBytes / 1e6).toFixed(1)} MB)`, seconds, connections: 4,
      expect: 200, target: '≥ 2,000 req/s, p99 ≤ 50 ms',
    });
    log(`GET ^1.0 (200, ${(artifactBytes / 1e6).toFixed(1)} MB): ${Math.round(fetchFull.requestsPerSec)} req/s, p99 ${fetchFull.p99Ms} ms, ${Math.round(fetchFull.mbPerSec)} MB/s, ${fetchFull.failures} failures`);
    return { seconds, requestLines: 20, requestBytes: body.length, artifactBytes, platform, fetch304, fetchFull, loadAverage: { before: loadBefore, after: loadavg()[0]! } };
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function serverTable(r: ServerReport): string {
  const f = (x: number) => Math.round(x).toLocaleString('en-US');
  const row = (x: LoadRow) =>
    `| ${x.name} | ${f(x.requestsPerSec)} | ${x.p50Ms} | ${x.p99Ms} | ${x.mbPerSec.toFixed(1)} | ${x.connections} | ${f(x.total)} / ${f(x.failures)} | ${f(x.serverCpuMsPerRequest * 1000)} / ${f(x.serverBusyMsPerRequest * 1000)} µs (${Math.round(x.serverUtilization * 100)}%) | ${x.target} |`;
  return [
    `| route (autocannon, ${r.seconds} s, loopback) | requests/s | p50 ms | p99 ms | MB/s | connections | requests / failures | server main thread per request: CPU / busy (event loop busy) | target |`,
    `| --- | --- | --- | --- | --- | --- | --- | --- | --- |`,
    row(r.platform),
    row(r.fetch304),
    row(r.fetchFull),
    '',
    `Load average (1 min) ${r.loadAverage.before.toFixed(2)} before, ${r.loadAverage.after.toFixed(2)} after, on ${availableCores()} cores.`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--seconds');
  const seconds = i > 0 ? Number(process.argv[i + 1]) : 10;
  const report = await serverBench((s) => console.log(s), { seconds });
  console.log('\n' + serverTable(report));
}
