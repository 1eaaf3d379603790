// Requests are checked against the artifact's claim schema (the project's AuditRequest schema).
import { describe, it, expect } from 'vitest';
import { AuditRequest } from '../../runtime/schema/claim.js';
import { loadPack, evaluateOne } from '../../runtime/index.js';
import { contentHash } from '../../runtime/artifact/canonical.js';
import { artifact, request, line } from './fixtures.js';

describe('claim schema check', () => {
  const a = artifact({});
  a.claimSchema = JSON.parse(JSON.stringify(AuditRequest));
  a.hash = contentHash(a as never);
  const pack = loadPack(a).value!;
  it('accepts a well-formed request', () => {
    const r = evaluateOne(pack, request([line('1', 'A', 37)]), 1);
    expect('error' in r ? r.error : null).toBeNull();
  });
  it('points at the bad field', () => {
    const r = evaluateOne(pack, request([line('1', 'A', 37), line('2', 'B', 1, { cnt: 'two' })]), 7);
    expect(r).toMatchObject({ line: 7, request_id: 'R1', error: { code: 'bad-request' } });
    expect('error' in r && r.error.path).toMatch(/^\/encounter\/feedetail\/1\/cnt/);
  });
});
