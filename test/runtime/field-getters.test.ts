// The per-domain field readers generated code uses must answer exactly as getField does.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { getField, FIELD_GETTERS } from '../../runtime/values/convert.js';
import type { IrDomain } from '../../runtime/artifact/ir.js';

const raw = fc.oneof(
  fc.constant(undefined), fc.constant(null), fc.constant(''), fc.constant(' '), fc.boolean(),
  fc.integer(), fc.double({ noNaN: false }), fc.constantFrom('12.5', '-0.01', '7', 'x', '2025-03-03 10:00:00', '2025-02-30', '2024-02-29'),
  fc.string(), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 }),
);
const holder = fc.oneof(
  raw.map((v) => ({ f: v })), fc.constant({}), fc.constant(null), fc.constant(undefined), fc.constant('text'), fc.constant([1, 2]),
);

describe('per-domain field getters', () => {
  for (const [d, getter] of Object.entries(FIELD_GETTERS) as [IrDomain, (o: unknown, f: string) => unknown][]) {
    it(`${d}: same value as getField`, () => {
      fc.assert(fc.property(holder, (o) => {
        expect(getter(o, 'f')).toStrictEqual(getField(o, 'f', d));
      }));
    });
    it(`${d}: inherited fields are not read`, () => {
      expect(getter({}, 'constructor')).toBeUndefined();
      expect(getter(Object.create({ f: '2025-01-01' }), 'f')).toBeUndefined();
    });
  }
});

describe('generated field reads', () => {
  it('answer as getField for any holder value and every domain', async () => {
    const { CodeWriter } = await import('../../runtime/codegen/emit-expr.js');
    const { R } = await import('../../runtime/codegen/helpers.js');
    for (const d of ['str', 'dec', 'datetime', 'date', 'list', 'int', 'bool', 'set', 'any'] as IrDomain[]) {
      const w = new CodeWriter('');
      const body = w.expr({ k: 'get', of: { k: 'var', v: 0 }, field: 'f', d } as never);
      const temps = Array.from({ length: w.temps }, (_, i) => `t${i}`);
      const fn = new Function('R', 'v0', `${temps.length ? `let ${temps.join(', ')};` : ''} return ${body};`) as (r: unknown, o: unknown) => unknown;
      fc.assert(fc.property(holder, (o) => {
        expect(fn(R, o)).toStrictEqual(getField(o, 'f', d));
      }));
      expect(fn(R, {})).toBeUndefined();
      expect(fn(R, Object.create({ f: '2025-01-01' }))).toBeUndefined();
      const c = new CodeWriter('');
      const viaProto = new Function('R', 'v0', `let ${Array.from({ length: 9 }, (_, i) => `t${i}`).join(', ')}; return ${c.expr({ k: 'get', of: { k: 'var', v: 0 }, field: 'constructor', d } as never)};`) as (r: unknown, o: unknown) => unknown;
      expect(viaProto(R, {})).toBeUndefined();
    }
  });
});
