// The formatter's laws: printing then parsing gives back the same tree, formatting is idempotent,
// and no comment is lost. These need the parser (dsl/parse/parse.ts).
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SourceFile } from '../../dsl/ast/nodes.js';
import { format } from '../../dsl/format/format.js';
import { parse } from '../../dsl/parse/parse.js';
import { sourceFile, stripSpans } from './arbitrary.js';

const SHANXI = new URL('../../rulepacks/shanxi/pack.lk', import.meta.url);

function parseOk(text: string, path = 'gen.lk'): SourceFile {
  const r = parse(text, path);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    const where = errors.map((d) => `${d.code} at ${JSON.stringify(text.slice(d.span.start, d.span.end + 20))}: ${d.message.en}`);
    throw new Error(`formatted text does not parse:\n${where.join('\n')}\n---\n${text}`);
  }
  return r.value;
}

// FC_RUNS=10 multiplies the number of random cases (for a deeper search than the default run).
const RUNS = Number(process.env.FC_RUNS ?? 1);

const fmt = (text: string, path = 'gen.lk') => format(parseOk(text, path), text);

describe('format: laws on random trees', () => {
  it('parse(format(ast)) is the same tree', () => {
    fc.assert(
      fc.property(sourceFile, (ast) => {
        const text = format(ast, '');
        expect(stripSpans(parseOk(text))).toEqual(stripSpans(ast));
      }),
      { numRuns: 300 * RUNS },
    );
  });

  it('formatting formatted text changes nothing', () => {
    fc.assert(
      fc.property(sourceFile, (ast) => {
        const once = format(ast, '');
        expect(fmt(once)).toBe(once);
      }),
      { numRuns: 200 * RUNS },
    );
  });
});

/** Every .lk file of the bundled packs (rulepacks/<pack>/*.lk), found at collection time. */
function bundledPackFiles(): URL[] {
  const root = new URL('../../rulepacks/', import.meta.url);
  const out: URL[] = [];
  for (const dir of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()))
    for (const f of readdirSync(new URL(`${dir.name}/`, root)).filter((n) => n.endsWith('.lk')).sort())
      out.push(new URL(`${dir.name}/${f}`, root));
  return out;
}

describe('format: real packs', () => {
  it('finds the bundled packs', () => {
    expect(bundledPackFiles().map((u) => u.pathname)).toContain(SHANXI.pathname);
  });

  for (const url of bundledPackFiles()) {
    const name = url.pathname.split('/').slice(-2).join('/');
    const text = readFileSync(url, 'utf8');
    // A pack that is itself mid-edit with syntax errors is not the formatter's business.
    const broken = parse(text, name).diagnostics.some((d) => d.severity === 'error');
    it.skipIf(broken)(`${name} keeps its tree and is idempotent`, () => {
      const before = parseOk(text, name);
      const once = format(before, text);
      const after = parseOk(once, name);
      expect(stripSpans(after)).toEqual(stripSpans(before));
      expect(fmt(once, name)).toBe(once);
    });

    it.skipIf(broken)(`${name} keeps every comment, in order`, () => {
      const before = parseOk(text, name);
      const after = parseOk(format(before, text), name);
      expect(after.comments.map((c) => c.text.trimEnd())).toEqual(before.comments.map((c) => c.text.trimEnd()));
    });
  }
});

describe('format: layout', () => {
  it('indents blocks by two spaces, ends with one newline, keeps Chinese enum words', () => {
    const out = fmt('rule   X1 "名"{result   提醒 stages 事前,mid when a==1 flag encounter say "hi"}');
    expect(out).toBe('rule X1 "名" {\n  result 提醒\n  stages 事前, mid\n  when a == 1\n  flag encounter\n  say "hi"\n}\n');
  });

  it('puts rule attributes in the grammar order', () => {
    const out = fmt('rule X1 { scenes outpatient result definite class 医疗类/药品 flag encounter }');
    expect(out).toBe('rule X1 {\n  class 医疗类/药品\n  result definite\n  scenes outpatient\n  flag encounter\n}\n');
  });

  it('keeps one-line declarations of the same kind together and separates the rest', () => {
    const out = fmt('param a: int = 1 param b: int = 2 set a = 3 because "x" set b = 4 because "y" disable X1 because "z"');
    expect(out).toBe(
      'param a: int = 1\nparam b: int = 2\n\nset a = 3 because "x"\nset b = 4 because "y"\n\ndisable X1 because "z"\n',
    );
  });

  it('splits the finding clause one part per line', () => {
    const out = fmt('rule X1 { for l in encounter.feedetail flag l involve encounter amount l.fee * 2 say "{l.fee}元" }');
    expect(out).toContain('  flag l\n  involve encounter\n  amount l.fee * 2\n  say "{l.fee}元"\n');
  });

  it('uses only the parentheses precedence needs', () => {
    const out = fmt('param p: int = ((a + (b * c)) - (d - e)) * (-(f)) ?? (g ?? h)');
    expect(out).toBe('param p: int = (a + b * c - (d - e)) * -f ?? (g ?? h)\n');
  });

  it('keeps `not`, `in` and ranges readable', () => {
    const out = fmt('param p: bool = not (a in {1, 2}) and (x not in 1 .. 5) or (not b)');
    expect(out).toBe('param p: bool = not a in {1, 2} and x not in 1 .. 5 or not b\n');
  });

  it('re-escapes strings, doubling braces', () => {
    const out = fmt('param p: text = "a\\"b\\\\c\\nd\\te{{x}}"');
    expect(out).toBe('param p: text = "a\\"b\\\\c\\nd\\te{{x}}"\n');
  });

  it('keeps number text exactly and percent literals', () => {
    const out = fmt('param p: decimal = 45.60 range 0% .. 100%');
    expect(out).toBe('param p: decimal = 45.60 range 0% .. 100%\n');
  });
});

/** Put `// cN` comments into formatted text: alone on a line before line i, or at the end of line i. */
function sprinkle(text: string, spots: readonly { line: number; trailing: boolean }[]): { text: string; count: number } {
  const lines = text.replace(/\n$/, '').split('\n');
  let n = 0;
  for (const { line, trailing } of spots) {
    const i = line % lines.length;
    if (trailing && lines[i]!.trim() !== '' && !lines[i]!.includes('//')) lines[i] = `${lines[i]} // c${n++}`;
    else if (!trailing) lines.splice(i, 0, `// c${n++}`);
  }
  return { text: `${lines.join('\n')}\n`, count: n };
}

describe('format: broken text (the studio formats while typing)', () => {
  it('never throws and keeps the well-formed declarations', () => {
    for (const text of ['rule X1 {\n  when a ==\n}\nparam p: int = 1\n', 'param = = 3\nset a = 1 because "x"', 'rule {', '"', '}}}']) {
      const r = parse(text, 'broken.lk');
      const out = format(r.value, text);
      expect(out.endsWith('\n') || out === '').toBe(true);
      if (text.includes('param p')) expect(out).toContain('param p: int = 1');
    }
  });
});

describe('format: comments', () => {
  it('no comment is lost or changed, the tree is untouched, and the result is stable', () => {
    const spots = fc.array(fc.record({ line: fc.nat({ max: 200 }), trailing: fc.boolean() }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(sourceFile.filter((f) => f.decls.length > 0), spots, (ast, where) => {
        const { text, count } = sprinkle(format(ast, ''), where);
        const parsed = parseOk(text);
        expect(parsed.comments).toHaveLength(count);
        const once = format(parsed, text);
        const again = parseOk(once);
        expect(again.comments.map((c) => c.text).sort()).toEqual(parsed.comments.map((c) => c.text).sort());
        expect(stripSpans(again)).toEqual(stripSpans(ast));
        expect(fmt(once)).toBe(once);
      }),
      { numRuns: 200 * RUNS },
    );
  });

  it('keeps comments inside value lists, knowledge blocks and tests', () => {
    const text = [
      'input encounter.x: code? "类别" values {',
      '  // first',
      '  "1" "一类", // one',
      '  "2" "二类"',
      '}',
      'knowledge t {',
      '  key a: code // the key',
      '  // locks',
      '  lock a',
      '}',
      'test "t" {',
      '  request "r.json" // fixture',
      '  // the count',
      '  expect findings 0',
      '}',
      '',
    ].join('\n');
    expect(fmt(text)).toBe(text.replace('}\nknowledge', '}\n\nknowledge').replace('}\ntest', '}\n\ntest'));
  });

  it('keeps leading comments at the indent of the node they precede', () => {
    const text = '// head\nrule X1 {\n      // about when\n  when a\n// about flag\n flag encounter\n  // before close\n}\n// tail\n';
    expect(fmt(text)).toBe('// head\nrule X1 {\n  // about when\n  when a\n  // about flag\n  flag encounter\n  // before close\n}\n\n// tail\n');
  });

  it('keeps trailing comments on the line they follow', () => {
    const text = 'param a: int = 1    // one\nparam b: int = 2 // two\nrule X1 { // open\n  when a // cond\n}\n';
    expect(fmt(text)).toBe('param a: int = 1 // one\nparam b: int = 2 // two\n\nrule X1 { // open\n  when a // cond\n}\n');
  });

  it('a trailing comment follows the split finding part it was written after', () => {
    const text = 'rule X1 { flag encounter amount 3 // amount why\n say "x" }\n';
    expect(fmt(text)).toContain('  amount 3 // amount why\n  say "x"\n');
  });

  it('an empty block holding a comment keeps it inside', () => {
    expect(fmt('rule X1 {\n// later\n}\nrule X2 {  }\n')).toBe('rule X1 {\n  // later\n}\n\nrule X2 {}\n');
  });

  it('keeps the blank line after a file header comment', () => {
    expect(fmt('// header\n\n// about a\nparam a: int = 1\n')).toBe('// header\n\n// about a\nparam a: int = 1\n');
  });

  it('lines up knowledge column titles by display width', () => {
    const out = fmt('knowledge t { key 编码: code "编码" name: text "名称" flag: bool }');
    expect(out).toBe('knowledge t {\n  key 编码: code "编码"\n  name: text     "名称"\n  flag: bool\n}\n');
  });

  it('a file of only comments keeps them', () => {
    expect(fmt('// a\n\n\n// b\n// c\n')).toBe('// a\n\n// b\n// c\n');
  });
});

// Parser bugs the laws above found (now fixed): kept as regression tests.
describe('format: parser regressions', () => {
  it('`scenario X` inside a test block stays in the test', () => {
    const text = 'test "t" {\n  scenario s\n  expect findings 0\n}\n';
    expect(fmt(text)).toBe(text);
  });

  it('`\\u{d}` in a string expression is an escape, not a placeholder', () => {
    const text = 'param p: text = "a\\u{d}b"\n';
    expect(fmt(text)).toBe(text);
  });
});
