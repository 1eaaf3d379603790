import { it } from 'vitest';
import { publish, startRegistry } from './helpers.js';
import { claim, compileTestPack } from './eval-pack.js';
it('x', async () => {
  const reg = await startRegistry();
  await publish(reg, reg.token('publisher','000000'), await compileTestPack());
  const res = await fetch(`${reg.url}/api/eval/nhsa.audit/1.0.0`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: JSON.stringify(claim('L1')) + '\n' });
  console.log(res.status, [...res.headers.entries()], JSON.stringify(await res.text()));
  await reg.close();
});
