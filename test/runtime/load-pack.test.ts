import { describe, it, expect } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { loadPack } from '../../runtime/index.js';
import { signHash, contentHash } from '../../runtime/artifact/canonical.js';
import { artifact, rule, root, table, param } from './fixtures.js';

const keys = () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { pub: publicKey.export({ type: 'spki', format: 'pem' }).toString(), priv: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
};
const base = () => artifact({ rules: [rule('A1', { flag: [root('encounter')] })], params: [param('codes', 'set', ['A', 'B']), param('n', 'int', 3)] });

describe('loadPack', () => {
  it('loads a valid artifact and converts parameter values', () => {
    const r = loadPack(base());
    expect(r.diagnostics).toEqual([]);
    expect(r.value?.params.get('codes')).toEqual(new Set(['A', 'B']));
    expect(r.value?.params.get('n')).toBe(3);
  });
  it('rejects something that is not an artifact, naming where', () => {
    const a = base() as unknown as Record<string, unknown>;
    const r = loadPack({ ...a, rules: [{ code: 'x' }] });
    expect(r.value).toBeNull();
    expect(r.diagnostics[0].code).toBe('artifact-invalid');
    expect(r.diagnostics[0].message).toContain('/rules/0');
    expect(loadPack(42).diagnostics[0].code).toBe('artifact-invalid');
  });
  it('rejects content changed after hashing', () => {
    const a = base();
    a.manifest.title = 'changed';
    const r = loadPack(a);
    expect(r.value).toBeNull();
    expect(r.diagnostics[0].code).toBe('artifact-hash');
  });
  it('verifies the signature when a public key is given (no loose mode)', () => {
    const k = keys(), other = keys();
    const a = base();
    expect(loadPack(a, { publicKey: k.pub }).diagnostics[0].code).toBe('artifact-unsigned');
    const signed = { ...a, signature: { alg: 'ed25519' as const, keyId: 'k1', value: signHash(a.hash, k.priv) } };
    expect(contentHash(signed as unknown as Record<string, unknown>)).toBe(a.hash);
    expect(loadPack(signed, { publicKey: k.pub }).diagnostics).toEqual([]);
    expect(loadPack(signed, { publicKey: other.pub }).diagnostics[0].code).toBe('artifact-signature');
    const forged = { ...signed, signature: { ...signed.signature, value: signHash('0'.repeat(64), k.priv) } };
    expect(loadPack(forged, { publicKey: k.pub }).value).toBeNull();
  });
  it('indexes every dated version of a key', () => {
    const t = table('t', [['a', 'str', true], ['b', 'int', true], ['c', 'dec', false]], [['X', 1, '1'], ['X', 1, '2'], ['X', 2, '3']],
      [['2020-01-01', '2020-12-31', null], ['2021-01-01', null, null], [null, null, null]]);
    const p = loadPack(artifact({ tables: [t] })).value!;
    expect(p.tables.get('t')!.index.get('X\u00011')).toEqual([0, 1]);
    expect(p.tables.get('t')!.rows[2]).toEqual({ a: 'X', b: 2, c: 3000000 });
  });
  it('rejects snapshot rows of the wrong type, naming table, row and column', () => {
    const t = table('t', [['a', 'str', true], ['n', 'int', false]], []);
    const r = loadPack(artifact({ tables: [t] }), { knowledge: { t: [{ a: 'X', n: 'many' }, { a: 'Y', extra: 1 }, 'row' as never, { a: 'Z', valid_from: '2025-13-01' }] } });
    expect(r.value).toBeNull();
    const msgs = r.diagnostics.map((d) => d.message);
    expect(msgs.some((m) => m.includes('knowledge t row 1: column n should be int'))).toBe(true);
    expect(msgs.some((m) => m.includes('row 2: unknown column extra'))).toBe(true);
    expect(msgs.some((m) => m.includes('row 3'))).toBe(true);
    expect(msgs.some((m) => m.includes('row 4: valid_from'))).toBe(true);
  });
  it('reports names the runtime or the artifact lacks, once, at load', () => {
    const r = loadPack(artifact({ rules: [rule('U1', { steps: [{ k: 'when', e: { k: 'call', fn: 'no_such_fn', args: [], d: 'bool' }, span: { file: 0, start: 0, end: 1 } }], flag: [{ k: 'param', name: 'nope' }] })] }));
    expect(r.value).toBeNull();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['artifact-unknown-function', 'artifact-unknown-param']);
    expect(r.diagnostics[0].message).toContain('rule U1 calls no_such_fn');
  });
  it('answers with a diagnostic, not a crash, for absurdly deep expressions', () => {
    let e: unknown = { k: 'lit', d: 'bool', v: true };
    for (let i = 0; i < 20000; i++) e = { k: 'not', e };
    const a = artifact({ rules: [rule('D1', { flag: [root('encounter')] })] });
    a.rules[0].steps = [{ k: 'when', e, span: { file: 0, start: 0, end: 1 } }] as never; // after hashing: hashing it would overflow too
    const r = loadPack(a);
    expect(r.value).toBeNull();
    expect(r.diagnostics.length).toBe(1);
  });
});
