// Layering laws (fast-check): an empty overlay changes nothing but the manifest; `set` is
// idempotent; compilation is deterministic; independent sets commute.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Artifact } from '../../runtime/artifact/ir.js';
import { compileFiles, errors } from './helpers.js';

interface P {
  name: string;
  lo: number;
  hi: number;
  value: number;
}
const params = fc
  .uniqueArray(
    fc.record({ name: fc.constantFrom('a', 'b', 'c', 'd', 'e', '甲', '乙'), lo: fc.integer({ min: 0, max: 50 }), span: fc.integer({ min: 0, max: 50 }), pick: fc.double({ min: 0, max: 1, noNaN: true }) }),
    { selector: (p) => p.name, minLength: 2, maxLength: 5 },
  )
  .map((ps) => ps.map((p): P => ({ name: p.name, lo: p.lo, hi: p.lo + p.span, value: p.lo + Math.floor(p.pick * p.span) })));
const grades = fc.constantFrom('definite', 'suspicious', 'reminder');
const rulesArb = fc.array(fc.record({ grade: grades, stages: fc.subarray(['pre', 'mid', 'post'], { minLength: 1 }) }), { minLength: 1, maxLength: 4 });

function base(ps: P[], rs: { grade: string; stages: string[] }[]): string {
  return [
    'pack nhsa.audit 1.0.0 "国家" {\n  region "000000"\n}',
    ...ps.map((p) => `param ${p.name} "参数${p.name}": money = ${p.value} range ${p.lo} .. ${p.hi}`),
    ...rs.map((r, i) => `rule GZ${i} "规则${i}" {\n  result ${r.grade}\n  stages ${r.stages.join(', ')}\n  flag encounter\n}`),
    '',
  ].join('\n');
}
const TOP = 'pack jinan.audit 2024.5.0 "济南" extends nhsa.audit ^1.0 {\n  region "370100"\n}\n';

async function build(baseText: string, overlay: string | null): Promise<Artifact> {
  const files: Record<string, string> = overlay === null ? { 'pack.lk': baseText } : { 'base/pack.lk': baseText, 'pack.lk': `${TOP}${overlay}\n` };
  const r = await compileFiles(files);
  expect(errors(r.diagnostics).map((d) => d.message.en)).toEqual([]);
  return r.value.artifact!;
}
/** The effective pack's contents without manifest and hash. */
const body = (a: Artifact) => {
  const { manifest: _m, hash: _h, signature: _s, ...rest } = a as Artifact & { signature?: unknown };
  return rest;
};
/** Parameter values only (provenance records every change, so it differs by design). */
const values = (a: Artifact) => Object.fromEntries(a.params.map((p) => [p.name, [p.value, p.range, p.locked]]));
const setOf = (p: P, v: number) => `set ${p.name} = ${v} because "本地化 ${p.name}"`;
const inRange = (p: P, t: number) => p.lo + Math.floor(t * (p.hi - p.lo));

const RUNS = { numRuns: 25 };

describe('layering laws', () => {
  it('an empty overlay leaves the effective pack unchanged except manifest/layers', async () => {
    await fc.assert(
      fc.asyncProperty(params, rulesArb, async (ps, rs) => {
        const b = base(ps, rs);
        const alone = await build(b, null);
        const over = await build(b, '');
        expect(body(over)).toEqual(body(alone));
        expect(over.manifest.layers.map((l) => l.id)).toEqual(['nhsa.audit', 'jinan.audit']);
        expect(alone.manifest.layers.map((l) => l.id)).toEqual(['nhsa.audit']);
      }),
      RUNS,
    );
  });

  it('set p = v twice equals once (idempotent on the effective values)', async () => {
    await fc.assert(
      fc.asyncProperty(params, fc.double({ min: 0, max: 1, noNaN: true }), async (ps, t) => {
        const b = base(ps, [{ grade: 'reminder', stages: ['pre'] }]);
        const p = ps[0]!;
        const once = await build(b, setOf(p, inRange(p, t)));
        const twice = await build(b, `${setOf(p, inRange(p, t))}\n${setOf(p, inRange(p, t))}`);
        expect(values(twice)).toEqual(values(once));
        const { params: _a, ...restOnce } = body(once);
        const { params: _b, ...restTwice } = body(twice);
        expect(restTwice).toEqual(restOnce);
        // Money values are exact decimal texts.
        expect(once.params.find((x) => x.name === p.name)!.value).toBe(String(inRange(p, t)));
      }),
      RUNS,
    );
  });

  it('compilation is deterministic: same inputs → same artifact hash', async () => {
    await fc.assert(
      fc.asyncProperty(params, rulesArb, fc.double({ min: 0, max: 1, noNaN: true }), async (ps, rs, t) => {
        const b = base(ps, rs);
        const ov = `${setOf(ps[1]!, inRange(ps[1]!, t))}\nregrade GZ0 to reminder in pre\ndisable GZ0 because "停用"`;
        const x = await build(b, ov);
        const y = await build(b, ov);
        expect(y.hash).toBe(x.hash);
        expect(JSON.stringify(y)).toBe(JSON.stringify(x));
      }),
      RUNS,
    );
  });

  it('independent sets on different params commute', async () => {
    await fc.assert(
      fc.asyncProperty(params, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), async (ps, s, t) => {
        const b = base(ps, [{ grade: 'definite', stages: ['mid'] }]);
        const [p, q] = [ps[0]!, ps[1]!];
        const ab = await build(b, `${setOf(p, inRange(p, s))}\n${setOf(q, inRange(q, t))}`);
        const ba = await build(b, `${setOf(q, inRange(q, t))}\n${setOf(p, inRange(p, s))}`);
        expect(values(ba)).toEqual(values(ab));
        // Across layers too: province sets p, city sets q  ==  province sets q, city sets p.
        const mid = (body: string) => `pack shandong.audit 2024.1.0 extends nhsa.audit ^1.0 {\n  region "370000"\n}\n${body}\n`;
        const city = (body: string) => `pack jinan.audit 2024.5.0 extends shandong.audit ^2024.1 {\n  region "370100"\n}\n${body}\n`;
        const chain = async (m: string, c: string) => {
          const r = await compileFiles({ 'base/pack.lk': b, 'base2/pack.lk': mid(m), 'pack.lk': city(c) });
          expect(errors(r.diagnostics)).toEqual([]);
          return r.value.artifact!;
        };
        const x = await chain(setOf(p, inRange(p, s)), setOf(q, inRange(q, t)));
        const y = await chain(setOf(q, inRange(q, t)), setOf(p, inRange(p, s)));
        expect(values(y)).toEqual(values(x));
        expect(values(x)).toEqual(values(ab));
      }),
      RUNS,
    );
  });
});
