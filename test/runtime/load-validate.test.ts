// The artifact validator is a rewritten schema (enums for unions of constants, a discriminator on
// `k`, type lists for knowledge cells, sections compiled apart) so a national artifact validates in a
// few milliseconds. It must accept exactly what the schema as TypeBox writes it accepts: checked here
// against that plain schema on many small edits of a valid artifact, including hostile ones.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { artifactValidator, compileArtifactValidator } from '../../runtime/artifact/validate-artifact.js';
import { loadPack } from '../../runtime/index.js';
import { contentHash } from '../../runtime/artifact/canonical.js';
import { artifact, rule, root, get, lit, when, feedetail, forStep, letStep, bin, call, tmpl, table, param } from './fixtures.js';

const fast = artifactValidator();
const plain = compileArtifactValidator({ faster: false });

const sample = () =>
  artifact({
    params: [param('codes', 'set', ['A', 'B']), param('limit', 'dec', '12.50')],
    tables: [
      table('drug', [['code', 'str', true], ['limit', 'dec', false], ['from', 'date', false], ['tags', 'set', false]], [
        ['A', '1.5', '2024-01-01', ['x']],
        ['B', null, null, []],
        ['C', 3, null, null],
      ], [[null, null, null], ['2024-01-01', null, null], [null, '2025-12-31', 'B']]),
    ],
    rules: [
      rule('R1', {
        steps: [
          forStep(0, feedetail),
          letStep(1, { k: 'lookup', table: 'drug', keys: [get({ k: 'var', v: 0 }, 'med_list_codg', 'str')] }),
          when({ k: 'and', l: { k: 'isnone', e: { k: 'var', v: 1 }, neg: true }, r: bin('>', get({ k: 'var', v: 0 }, 'cnt', 'dec'), { k: 'field', of: { k: 'var', v: 1 }, field: 'limit' } as never, 'dec') } as never),
          when({ k: 'in', e: get({ k: 'var', v: 0 }, 'med_list_codg', 'str'), coll: { k: 'param', name: 'codes' }, neg: false } as never),
        ],
        flag: [{ k: 'var', v: 0 }],
        amount: { k: 'agg', fn: 'sum', v: 2, src: feedetail, where: null, el: get({ k: 'var', v: 2 }, 'det_item_fee_sumamt', 'dec'), d: 'dec' } as never,
        message: tmpl('超限 ', call('round', [lit('dec', '1.25')], 'dec'), ' 元'),
        stageResults: { post: 'suspicious' } as never,
        effective: { from: '2024-01-01', to: null },
      }),
      rule('R2', { steps: [when(lit('bool', true))], flag: [root('encounter')] }),
    ],
  });

type Path = (string | number)[];
function paths(v: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v && typeof v === 'object') for (const k of Object.keys(v)) paths((v as Record<string, unknown>)[k], [...at, k], out);
  return out;
}
function edit(root: unknown, path: Path, op: 'set' | 'delete' | 'add', value: unknown, extraKey: string): unknown {
  const copy = JSON.parse(JSON.stringify(root)) as unknown;
  if (path.length === 0) return op === 'set' ? value : copy;
  if (!copy || typeof copy !== 'object') return copy; // an earlier edit replaced the whole artifact
  let parent = copy as Record<string | number, unknown>;
  for (const p of path.slice(0, -1)) {
    const next = parent[p];
    if (!next || typeof next !== 'object') return copy; // an earlier edit removed this path
    parent = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (op === 'set') parent[last] = value;
  else if (op === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else {
    const target = parent[last];
    if (Array.isArray(target)) target.push(value);
    else if (target && typeof target === 'object') Object.defineProperty(target, extraKey, { value, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

// Values that sit near the schema's edges: every domain word, node kinds, dates, identifiers.
const near = fc.constantFrom<unknown>(
  'dec', 'int', 'date', 'datetime', 'str', 'bool', 'list', 'set', 'record', 'any', 'decimal', '',
  'lit', 'var', 'bin', 'js', 'call', 'not', 'tmpl', 'for', 'let', 'when', 'k',
  'definite', 'suspicious', 'post', 'mid', 'inpatient', 'active', 'retired',
  '2024-01-01', '2024-1-1', '__proto__', 'constructor', 'drug', '药品', 'a-b',
  0, 1, -1, 1.5, 2 ** 40, true, false, null, [], ['x'], [1], [null], {}, { k: 'lit', d: 'bool', v: true }, { k: 'var', v: 0 }, { k: 'js' },
  'x'.repeat(5000),
);
const replacement = fc.oneof(near, fc.jsonValue({ maxDepth: 2 }));

describe('artifact validator', () => {
  it('accepts the sample artifact (both validators)', () => {
    const a = sample();
    expect(plain(a)).toBe(true);
    expect(fast(a)).toBe(true);
  });

  it('agrees with the plain TypeBox schema on edits of a valid artifact', () => {
    const a = sample();
    const all = paths(a);
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom('set', 'set', 'set', 'delete', 'add'), replacement, fc.constantFrom('extra', '__proto__', 'k', 'd', 'toJSON'), (n, op, value, extraKey) => {
        const edited = edit(a, all[n % all.length]!, op, value, extraKey);
        expect(fast(edited)).toBe(plain(edited));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees on two edits at once', () => {
    const a = sample();
    const all = paths(a);
    fc.assert(
      fc.property(fc.nat(), fc.nat(), replacement, replacement, (n, m, v1, v2) => {
        const edited = edit(edit(a, all[n % all.length]!, 'set', v1, 'x'), all[m % all.length]!, 'set', v2, 'x');
        expect(fast(edited)).toBe(plain(edited));
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects numbers JSON cannot hold (1e400 parses as Infinity), at load', () => {
    const a = sample();
    const text = JSON.stringify(a).replace('"C",3,null', '"C",1e400,null');
    expect(text).toContain('1e400');
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(fast(parsed)).toBe(false);
    const r = loadPack({ ...parsed, hash: contentHash({ ...parsed, tables: [] }) });
    expect(r.value).toBeNull();
    expect(r.diagnostics[0]!.code).toBe('artifact-invalid');
  });

  it('names where a bad knowledge cell or an unknown node kind is', () => {
    const a = sample();
    (a.tables[0]!.rows[1] as unknown[])[1] = { nested: 1 };
    const r = loadPack({ ...a, hash: contentHash(a as unknown as Record<string, unknown>) });
    expect(r.diagnostics[0]!.code).toBe('artifact-invalid');
    expect(r.diagnostics[0]!.message).toContain('/tables/0/rows/1/1');
    const b = sample();
    (b.rules[0]!.steps[2] as { e: unknown }).e = { k: 'and', l: { k: 'js', code: 'x' }, r: lit('bool', true) };
    const r2 = loadPack({ ...b, hash: contentHash(b as unknown as Record<string, unknown>) });
    expect(r2.diagnostics[0]!.code).toBe('artifact-invalid');
    expect(r2.diagnostics[0]!.message).toContain('/rules/0/steps/2/e/l');
  });
});
