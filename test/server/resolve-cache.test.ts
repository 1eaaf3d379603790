// Version resolution is cached per (pack, range) for speed (issue 9); these tests hold it to the
// rule that the very next request after a publish, deprecate or yank — through this server or by
// another connection to the same database — resolves afresh.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rmSync } from 'node:fs';
import { openStore } from '../../server/store/open-store.js';
import { writeArtifactFile } from '../../server/store/artifact-files.js';
import { insertVersion, listVersions, resolveVersion, setVersionStatus } from '../../server/store/packs-repo.js';
import { CROSS_PROCESS_CHECK_MS, resolveCached } from '../../server/store/resolve-cache.js';
import { publish, startRegistry, type Registry } from './helpers.js';
import { compileTestPack } from './eval-pack.js';
import { platformCall } from '../fixtures/platform-3101.js';

let reg: Registry;
let token: string;
beforeAll(async () => {
  reg = await startRegistry();
  token = reg.token('publisher', '000000', 'national');
}, 60_000);
afterAll(async () => reg?.close());

const post3101 = (query = '') =>
  fetch(`${reg.url}/api/3101${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(platformCall()) });
const lifecycle = (v: string, action: 'yank' | 'deprecate') =>
  fetch(`${reg.url}/api/packs/nhsa.audit/${v}/${action}`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ reason: 'test' }),
  });
const packOf = (res: Response) => res.headers.get('x-liangku-pack');
const fetchedVersion = async (range: string) => (await fetch(`${reg.url}/api/packs/nhsa.audit/${encodeURIComponent(range)}`)).headers.get('x-liangku-version');

describe('the cached version resolution follows every change at once', () => {
  it('sees a publish, a deprecate and a yank on the very next request (3101, GET by range)', async () => {
    expect((await post3101()).status).toBe(404); // no pack yet: not found, and the miss is not remembered …
    expect((await publish(reg, token, await compileTestPack('nhsa.audit', '1.0.0', 100))).status).toBe(201);
    expect(packOf(await post3101())).toBe('nhsa.audit@1.0.0'); // … so the first request after the publish finds it
    expect(packOf(await post3101('?version=^1.0'))).toBe('nhsa.audit@1.0.0');
    expect(await fetchedVersion('^1.0')).toBe('1.0.0');

    expect((await publish(reg, token, await compileTestPack('nhsa.audit', '1.1.0', 160))).status).toBe(201);
    expect(packOf(await post3101())).toBe('nhsa.audit@1.1.0');
    expect(packOf(await post3101('?version=^1.0'))).toBe('nhsa.audit@1.1.0');
    expect(await fetchedVersion('^1.0')).toBe('1.1.0');

    expect((await lifecycle('1.1.0', 'deprecate')).status).toBe(200);
    const deprecated = await post3101('?version=^1.0');
    expect(packOf(deprecated)).toBe('nhsa.audit@1.0.0'); // an active version matches, so the deprecated one is skipped
    expect(await fetchedVersion('^1.0')).toBe('1.0.0');

    expect((await lifecycle('1.0.0', 'yank')).status).toBe(200);
    const res = await post3101('?version=^1.0');
    expect(packOf(res)).toBe('nhsa.audit@1.1.0'); // the deprecated one is all that is left
    expect(res.headers.get('x-liangku-status')).toBe('deprecated');
    expect(await fetchedVersion('^1.0')).toBe('1.1.0');
    // The exact yanked number still resolves, with its status.
    const exact = await post3101('?version=1.0.0');
    expect(packOf(exact)).toBe('nhsa.audit@1.0.0');
    expect(exact.headers.get('x-liangku-status')).toBe('yanked');
  }, 60_000);

  // Another connection's commit is seen within CROSS_PROCESS_CHECK_MS (reading data_version costs file locks, so not every request).
  const waitCrossProcess = () => new Promise((r) => setTimeout(r, CROSS_PROCESS_CHECK_MS + 20));

  it('sees a version written by another connection to the same database (a second server, a script)', async () => {
    const before = packOf(await post3101('?version=^2.0'));
    expect(before).toBeNull(); // 404: nothing matches ^2.0 yet
    const other = openStore(reg.dataDir);
    try {
      const a = await compileTestPack('nhsa.audit', '2.0.0', 10);
      writeArtifactFile(other.artifactsDir, a.hash, JSON.stringify(a));
      insertVersion(other.db, {
        pack_id: 'nhsa.audit', version: '2.0.0', hash: a.hash, region: '000000', title: a.manifest.title,
        base_id: null, base_range: null, published_by: 'other-connection', note: null,
      });
      await waitCrossProcess();
      expect(packOf(await post3101('?version=^2.0'))).toBe('nhsa.audit@2.0.0');
      expect(packOf(await post3101())).toBe('nhsa.audit@2.0.0');
      setVersionStatus(other.db, 'nhsa.audit', '2.0.0', 'yanked', 'from elsewhere');
      await waitCrossProcess();
      expect(packOf(await post3101())).toBe('nhsa.audit@1.1.0');
    } finally {
      other.close();
    }
  }, 60_000);

  it('hands out frozen rows, so one request cannot change what the next one sees', () => {
    const r = resolveCached(reg.app.registryStore.db, 'nhsa.audit', 'latest');
    expect(r.kind).toBe('version');
    if (r.kind === 'version') expect(() => ((r.row as { status: string }).status = 'active')).toThrow(TypeError);
  });
});

describe('resolveCached answers what resolveVersion answers (property)', () => {
  it('over random version sets, statuses, ranges and changes between lookups', () => {
    const dir = reg.dataDir + '-prop';
    const store = openStore(dir);
    try {
      // Few versions and ranges, so the same range is looked up again after a change most of the time.
      const versionArb = fc.constantFrom('1.0.0', '1.0.1', '1.1.0', '2.0.0', '2.1.0');
      const rangeArb = fc.constantFrom('latest', '^1.0.0', '~1.0.0', '*', '>=1.0.0 <3.0.0', '2.0.0', '1.0.1', '^3.0.0', 'not a range');
      const stepArb = fc.oneof(
        fc.record({ op: fc.constant('publish' as const), v: versionArb }),
        fc.record({ op: fc.constantFrom('deprecate' as const, 'yank' as const), v: versionArb }),
        fc.record({ op: fc.constant('resolve' as const), v: rangeArb }),
      );
      let n = 0;
      fc.assert(
        fc.property(fc.array(stepArb, { maxLength: 30 }), (steps) => {
          const id = `p${n++}.audit`;
          for (const s of steps) {
            const exists = listVersions(store.db, id).some((r) => r.version === s.v);
            if (s.op === 'publish' && !exists) {
              insertVersion(store.db, { pack_id: id, version: s.v, hash: 'a'.repeat(64), region: '000000', title: id, base_id: null, base_range: null, published_by: 't', note: null });
            } else if ((s.op === 'deprecate' || s.op === 'yank') && exists) {
              setVersionStatus(store.db, id, s.v, s.op === 'yank' ? 'yanked' : 'deprecated', 'r');
            } else if (s.op === 'resolve') {
              const want = listVersions(store.db, id).length ? resolveVersion(store.db, id, s.v) : undefined;
              const got = resolveCached(store.db, id, s.v);
              const again = resolveCached(store.db, id, s.v); // a cache hit answers the same
              expect(again).toEqual(got);
              if (want) expect(got).toEqual({ kind: 'version', row: want });
              else expect(got.kind).toBe(listVersions(store.db, id).length ? 'no-version' : 'no-pack');
            }
          }
        }),
        { numRuns: 60 },
      );
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
