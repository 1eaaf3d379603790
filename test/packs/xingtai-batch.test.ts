// Issue 7 acceptance: 10,000 generated requests with planted patterns (a trace code sold twice, a
// pharmacy's year-end spike, a bed-only stay) yield exactly the planted findings at the post stage.
import { describe, expect, it } from 'vitest';
import { compilePackDir } from '../../compiler/index.js';
import { BatchCollector, evaluate, loadPack } from '../../runtime/index.js';
import { generateBatch, PLANTED } from '../../scripts/gen-batch-claims.js';

describe('xingtai batch (事后) monitoring', () => {
  it('finds exactly the planted patterns in 10,000 requests', async () => {
    const r = await compilePackDir('rulepacks/xingtai');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const pack = loadPack(r.value.artifact!).value!;
    const requests = generateBatch(10_000);
    expect(requests).toHaveLength(10_000);
    const batch = new BatchCollector(pack, { stage: 'post' });
    const perRequest: [string, string][] = [];
    for (const req of requests) {
      const res = evaluate(pack, req, { stage: 'post' });
      for (const f of res.findings) perRequest.push([f.rule_id, String(res.mdtrt_id)]);
      batch.add(req);
    }
    expect(perRequest).toEqual([['XT0006', PLANTED.bedOnly]]);
    const out = batch.finish();
    expect(out.requests).toBe(10_000);
    expect(out.findings.map((f) => [f.rule_id, f.subject])).toEqual([
      ['XT0101', { pharmacy: PLANTED.spike.pharmacy, day: PLANTED.spike.day }],
      ['XT0102', { code: PLANTED.trace }],
    ]);
    for (const f of out.findings) expect(f.layer).toBe('xingtai.audit@2024.1.0');
  }, 120_000);
});
