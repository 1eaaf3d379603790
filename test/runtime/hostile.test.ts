// An artifact is data from outside: one edited to smuggle code must be rejected at load, and nothing
// in it may run. The attacker controls the whole file, so every artifact here carries a correct hash.
import { describe, expect, it } from 'vitest';
import { loadPack, evaluate } from '../../runtime/index.js';
import { contentHash } from '../../runtime/artifact/canonical.js';
import { artifact, rule, root, get, lit, when, feedetail, forStep, table } from './fixtures.js';

const g = globalThis as { __pwned?: boolean };

function rehash<T extends { hash: string }>(a: T): T {
  const { hash: _h, ...body } = a;
  return { ...a, hash: contentHash(body as Record<string, unknown>) };
}

const request = {
  patient: { gend: '1', brdy: '1970-01-01' },
  encounter: { mdtrt_id: 'M1', med_type: '11', setl_time: '2025-01-01 10:00:00', feedetail: [{ feedetl_sn: '1', med_list_codg: 'A', cnt: 1, det_item_fee_sumamt: 10 }] },
};

describe('hostile artifacts', () => {
  it('an unknown node kind is rejected at load, naming where', () => {
    const evil = { k: 'js', code: 'globalThis.__pwned = true' } as never;
    const a = rehash(artifact({ rules: [rule('R1', { steps: [when(evil)], flag: [root('encounter')] })] }));
    const r = loadPack(a);
    expect(r.value).toBeNull();
    expect(r.diagnostics[0]!.code).toBe('artifact-invalid');
    expect(r.diagnostics[0]!.message).toContain('/rules/0');
    expect(g.__pwned).toBeUndefined();
  });

  it('a __proto__ / constructor field name is rejected at load', () => {
    for (const field of ['__proto__', 'constructor', 'prototype']) {
      const a = rehash(artifact({ rules: [rule('R1', { steps: [forStep(0, feedetail), when(get(get({ k: 'var', v: 0 }, field, 'record'), 'x', 'bool'))], flag: [root('encounter')] })] }));
      const r = loadPack(a);
      expect(r.value, field).toBeNull();
      expect(r.diagnostics[0]!.code).toBe('artifact-invalid');
    }
  });

  it('a string that tries to break out of its literal is compared as data, in both modes', () => {
    const payload = '"); globalThis.__pwned = true; ("';
    const a = rehash(artifact({ rules: [rule('R1', { steps: [forStep(0, feedetail), when({ k: 'bin', op: '==', l: get({ k: 'var', v: 0 }, 'med_list_codg', 'str'), r: lit('str', payload), d: 'str' } as never)], flag: [{ k: 'var', v: 0 } as never] })] }));
    for (const mode of ['compiled', 'interpreter'] as const) {
      const pack = loadPack(a, { mode }).value!;
      expect(evaluate(pack, request).findings).toEqual([]);
      expect(evaluate(pack, { ...request, encounter: { ...request.encounter, feedetail: [{ ...request.encounter.feedetail[0], med_list_codg: payload }] } }).findings).toHaveLength(1);
    }
    expect(g.__pwned).toBeUndefined();
  });

  it('a knowledge column name or cell cannot smuggle code into the generated record maker', () => {
    const t = table('t', [['code', 'str', true], ['n', 'int', false]], [['A', 1]]);
    const named = rehash(artifact({ tables: [{ ...t, columns: [t.columns[0]!, { ...t.columns[1]!, name: 'n": globalThis.__pwned = true, "m' }] }] }));
    expect(loadPack(named).diagnostics[0]!.code).toBe('artifact-invalid');
    const cell = rehash(artifact({ tables: [{ ...t, rows: [['A', { toString: 'globalThis.__pwned = true' } as never]] }] }));
    expect(loadPack(cell).diagnostics[0]!.code).toBe('artifact-invalid');
    const text = rehash(artifact({ tables: [{ ...t, rows: [['"; globalThis.__pwned = true; "', 1]] }] }));
    for (const mode of ['compiled', 'interpreter'] as const) expect(loadPack(text, { mode }).value!.tables.get('t')!.rows[0]!['code']).toBe('"; globalThis.__pwned = true; "');
    expect(g.__pwned).toBeUndefined();
  });

  it('an extra property anywhere is rejected (no smuggled keys)', () => {
    const base = artifact({ rules: [rule('R1', { flag: [root('encounter')] })] });
    const a = rehash({ ...base, rules: [{ ...base.rules[0]!, run: 'globalThis.__pwned = true' }] } as unknown as typeof base);
    expect(loadPack(a).value).toBeNull();
  });
});
