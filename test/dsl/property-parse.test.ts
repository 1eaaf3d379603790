// Property: the parser is total. For token soup and for arbitrary unicode it never throws, and every
// diagnostic span and every AST node span lies inside the text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keywordWords } from '../../dsl/lex/tokens.js';
import { parse, parseExpression } from '../../dsl/parse/parse.js';
import { nodes } from './ast-print.js';

const piece = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...keywordWords) },
  { weight: 3, arbitrary: fc.constantFrom('encounter', 'patient', 'line', 'med_list_codg', 'x', 'R1', 'GZ0001', '10A001', 'drug_limit', 'sum', 'group', 'days') },
  { weight: 4, arbitrary: fc.constantFrom('{', '}', '(', ')', '[', ']', ',', '.', '..', ':', '?', '??', '=', '==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '^', '~', '%', '@', '；', '＝', '，') },
  { weight: 2, arbitrary: fc.constantFrom('"abc"', '"{x}"', '"{x', '"a\\q"', '"{{}}"', '"', '"{if a then "1" else "2"}"', '""', '"金额{y}元"') },
  { weight: 2, arbitrary: fc.constantFrom('0', '1.5', '55%', '2024-01-01', '2024-02-30', '1.0.0', '^1.0', '07-01', '12') },
  { weight: 2, arbitrary: fc.constantFrom('乙类', '明确违规', '事前', '住院', '医保年度', '停用', '金额') },
  { weight: 3, arbitrary: fc.constantFrom('\n', ' ', '\t', '// 注释\n', '\u3000') },
);
const soup = fc.array(piece, { maxLength: 80 }).map((ps) => ps.join(' '));
const soupTight = fc.array(piece, { maxLength: 60 }).map((ps) => ps.join(''));
const unicode = fc.string({ unit: 'grapheme', maxLength: 200 });
const anyUnit = fc.string({ unit: 'binary', maxLength: 200 });

function checkTotal(text: string): void {
  let r: ReturnType<typeof parse>;
  try {
    r = parse(text, 'p.lk');
  } catch (e) {
    throw new Error(`parse threw on ${JSON.stringify(text)}: ${(e as Error).message}`);
  }
  for (const d of r.diagnostics) {
    expect(d.span.start, `${d.code} in ${JSON.stringify(text)}`).toBeGreaterThanOrEqual(0);
    expect(d.span.start).toBeLessThanOrEqual(d.span.end);
    expect(d.span.end, `${d.code} in ${JSON.stringify(text)}`).toBeLessThanOrEqual(text.length);
    expect(d.message.zh.length * d.message.en.length).toBeGreaterThan(0);
  }
  for (const { node, path } of nodes(r.value)) {
    const ok = Number.isFinite(node.span.start) && Number.isFinite(node.span.end) && node.span.start >= 0 && node.span.start <= node.span.end && node.span.end <= text.length;
    expect(ok, `${node.kind} at ${path} has span ${JSON.stringify(node.span)} outside ${JSON.stringify(text)}`).toBe(true);
  }
}

describe('the parser is total', () => {
  it('token soup (spaced)', () => {
    fc.assert(fc.property(soup, checkTotal), { numRuns: 400 });
  });
  it('token soup (glued)', () => {
    fc.assert(fc.property(soupTight, checkTotal), { numRuns: 300 });
  });
  it('token soup inside a valid pack and rule', () => {
    fc.assert(
      fc.property(soup, (s) => checkTotal(`pack a.b 1.0.0 {\n  region "000000"\n}\nrule R1 "x" {\n  result reminder\n  ${s}\n  flag encounter\n}\n`)),
      { numRuns: 300 },
    );
  });
  it('random unicode text', () => {
    fc.assert(fc.property(unicode, checkTotal), { numRuns: 300 });
  });
  it('random UTF-16 code units (lone surrogates included)', () => {
    fc.assert(fc.property(anyUnit, checkTotal), { numRuns: 200 });
  });
  it('parseExpression never throws', () => {
    fc.assert(
      fc.property(soup, (s) => {
        const r = parseExpression(s);
        for (const d of r.diagnostics) expect(d.span.end).toBeLessThanOrEqual(s.length);
      }),
      { numRuns: 200 },
    );
  });
  it('ids are unique within a file', () => {
    fc.assert(
      fc.property(soup, (s) => {
        const ids = [...nodes(parse(s).value)].map((n) => n.node.id);
        expect(new Set(ids).size).toBe(ids.length);
      }),
      { numRuns: 200 },
    );
  });
});
