// Error recovery: broken text still gives an AST, every problem is reported once, at the text that
// is wrong (tests compare the underlined text, never raw offsets).
import { describe, expect, it } from 'vitest';
import type * as A from '../../dsl/ast/nodes.js';
import { parse } from '../../dsl/parse/parse.js';

const HEAD = 'pack demo.audit 1.0.0 {\n  region "000000"\n}\n';
const under = (text: string) => parse(text, 't.lk').diagnostics.map((d) => [d.code, text.slice(d.span.start, d.span.end)]);
const rules = (text: string) => parse(text, 't.lk').value.decls.filter((d): d is A.RuleDecl => d.kind === 'RuleDecl');

describe('parse errors point at the offending text', () => {
  it('a stray token inside a rule', () => {
    expect(under(`${HEAD}rule R1 {\n  when encounter.med_type == "21" "多余"\n  flag encounter\n}`)).toEqual([['parse/unexpected-token', '"多余"']]);
  });

  it('full-width punctuation from a Chinese IME, with a hint', () => {
    const text = `${HEAD}rule R1 {\n  when encounter.med_type ＝ "21"\n  flag encounter\n}`;
    const ds = parse(text).diagnostics;
    expect(text.slice(ds[0]!.span.start, ds[0]!.span.end)).toBe('＝');
    expect(ds[0]!.code).toBe('parse/unknown-character');
    expect(ds[0]!.help?.en).toContain('`=`');
  });

  it('an unterminated string underlines to the end of its line, and the next line still parses', () => {
    const text = `${HEAD}rule R1 "示例 {\n  result reminder\n}`;
    expect(under(text)).toEqual([['parse/unterminated-string', '"示例 {']]);
    expect(rules(text)[0]?.attrs.map((a) => a.kind)).toEqual(['ResultAttr']);
  });

  it('a bad escape underlines exactly the escape', () => {
    expect(under(`${HEAD}rule R1 "示例\\q" {\n  result reminder\n}`)).toEqual([['parse/bad-escape', '\\q']]);
  });

  it('an unknown enumerated word underlines the word and offers the closest as a fix', () => {
    const text = `${HEAD}rule R1 {\n  result definit\n  stages pre, 事后, mdi\n}`;
    const ds = parse(text).diagnostics;
    expect(ds.map((d) => text.slice(d.span.start, d.span.end))).toEqual(['definit', 'mdi']);
    expect(ds[0]!.fixes?.[0]?.edits[0]?.text).toBe('definite');
    expect(ds[1]!.fixes?.[0]?.edits[0]?.text).toBe('mid');
    // The valid words around the bad one are kept.
    const st = rules(text)[0]!.attrs.find((a) => a.kind === 'StagesAttr') as Extract<A.RuleAttr, { kind: 'StagesAttr' }>;
    expect(st.values.map((v) => v.value)).toEqual(['pre', 'post', null]);
  });

  it('an impossible date underlines the date', () => {
    expect(under(`${HEAD}rule R1 {\n  effective 2024-02-30 .. 2024-12-31\n}`)).toEqual([['parse/bad-date', '2024-02-30']]);
  });

  it('a malformed version underlines the version', () => {
    expect(under('pack demo.audit 1 {\n  region "000000"\n}')).toEqual([['parse/bad-version', '1']]);
  });

  it('a broken placeholder underlines from its `{`', () => {
    expect(under(`${HEAD}rule R1 {\n  flag encounter\n  say "金额 {encounter.x"\n}`)).toEqual([['parse/bad-template', '{encounter.x']]);
  });

  it('an empty placeholder and a lone `}`', () => {
    expect(under(`${HEAD}rule R1 {\n  flag encounter\n  say "a {} b } c"\n}`)).toEqual([
      ['parse/bad-template', '{}'],
      ['parse/bad-template', '}'],
    ]);
  });

  it('a syntax error inside a placeholder is reported at its place in the file', () => {
    expect(under(`${HEAD}rule R1 {\n  flag encounter\n  say "金额 {1 + }"\n}`).map((x) => x[0])).toEqual(['parse/unexpected-token']);
  });

  it('a half-typed condition reports the missing operand where the next statement starts', () => {
    const text = `${HEAD}rule R1 {\n  result reminder\n  when encounter.med_type ==\n  flag encounter\n}`;
    expect(under(text)).toEqual([['parse/unexpected-token', 'flag']]);
    // ...and the flag clause is still in the tree.
    expect(rules(text)[0]!.finding?.flagged.length).toBe(1);
  });

  it('a missing `}` does not swallow the next rule', () => {
    const text = `${HEAD}rule R1 {\n  result reminder\n  flag encounter\n\nrule R2 "乙" {\n  result definite\n  flag encounter\n}`;
    const rs = rules(text);
    expect(rs.map((r) => r.code.text)).toEqual(['R1', 'R2']);
    expect(rs[1]!.attrs.map((a) => a.kind)).toEqual(['ResultAttr']);
    const ds = parse(text).diagnostics;
    expect(ds).toHaveLength(1);
    expect(ds[0]!.code).toBe('parse/expected');
  });

  it('group without by / by outside group', () => {
    expect(under(`${HEAD}rule R1 {\n  when size(group(l for l in encounter.feedetail)) > 0\n  flag encounter\n}`).map((x) => x[0])).toEqual(['parse/group-needs-by']);
    expect(under(`${HEAD}rule R1 {\n  when sum(l.cnt for l in encounter.feedetail by l.med_list_codg) > 1\n  flag encounter\n}`)).toEqual([['parse/unexpected-by', 'l.med_list_codg']]);
  });

  it('a second flag clause / a second value', () => {
    expect(under(`${HEAD}rule R1 {\n  flag encounter\n  flag encounter\n}`)).toEqual([['parse/duplicate-finding', 'flag encounter']]);
    expect(under(`${HEAD}compute c: money {\n  value 1\n  value 2\n}`)).toEqual([['parse/duplicate-value', 'value 2']]);
  });

  it('a file with five separate syntax errors reports all five, each at its place', () => {
    const text = [
      HEAD,
      'param a "甲": int = 1 ；', // 1: full-width semicolon
      'rule R1 "一" {',
      '  result definit', // 2: unknown word
      '  when encounter.med_type == "21" @', // 3: unknown character
      '  flag encounter',
      '}',
      'rule R2 "二" {',
      '  effective 2024-13-01', // 4: impossible date
      '  flag encounter',
      '  say "x\\q"', // 5: bad escape
      '}',
      '',
    ].join('\n');
    const got = under(text);
    expect(got).toEqual([
      ['parse/unknown-character', '；'],
      ['parse/unknown-word', 'definit'],
      ['parse/unknown-character', '@'],
      ['parse/bad-date', '2024-13-01'],
      ['parse/bad-escape', '\\q'],
    ]);
    expect(rules(text).map((r) => r.code.text)).toEqual(['R1', 'R2']);
  });

  it('garbage, empty text and lone keywords still give a SourceFile', () => {
    for (const text of ['', '}}}', 'rule', 'pack', '"', 'when when when', '((((', 'knowledge t {', 'rule R1 { for', 'test "x" { expect', '\u0000\uffff']) {
      const r = parse(text);
      expect(r.value.kind).toBe('SourceFile');
      for (const d of r.diagnostics) {
        expect(d.span.start).toBeGreaterThanOrEqual(0);
        expect(d.span.end).toBeLessThanOrEqual(text.length);
      }
    }
  });

  it('reports each place once (no duplicate diagnostics at the same offset)', () => {
    const text = `${HEAD}rule R1 {\n  when ( ( (\n  flag encounter\n}`;
    const starts = parse(text).diagnostics.map((d) => d.span.start);
    expect(new Set(starts).size).toBe(starts.length);
  });
});
