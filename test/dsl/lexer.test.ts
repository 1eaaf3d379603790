// The lexer's vocabulary: token kinds for the literal forms, hard vs soft keywords, Chinese words.
import { parse } from '../../dsl/parse/parse.js';
import { describe, expect, it } from 'vitest';
import { hardKeywordWords, keywordWords, lexer } from '../../dsl/lex/tokens.js';
import { enumWords, grades, lifecycleStates, scenes, stages, windows } from '../../dsl/ast/enums.js';

const kinds = (text: string) => lexer.tokenize(text).tokens.map((t) => `${t.tokenType.name}:${t.image}`);

describe('lexer', () => {
  it('literal forms are one token each', () => {
    expect(kinds('2024-01-01 1.0.0 2024.5.0-rc.1 ^1.0 07-01 55% 82.80 10A001 GZ10000204001000')).toEqual([
      'Date:2024-01-01',
      'Version:1.0.0',
      'Version:2024.5.0-rc.1',
      'VersionRange:^1.0',
      'MonthDay:07-01',
      'Percent:55%',
      'Number:82.80',
      'DigitWord:10A001',
      'Identifier:GZ10000204001000',
    ]);
  });
  it('strings may hold placeholders with their own strings', () => {
    expect(kinds('say "{if a == "1" then "男" else "女"}性"')).toEqual(['Kw_say:say', 'String:"{if a == "1" then "男" else "女"}性"']);
  });
  it('an unterminated string is one token to the end of the line', () => {
    expect(kinds('"abc\nx')).toEqual(['UnterminatedString:"abc', 'Identifier:x']);
  });
  it('keywords need a word boundary; Chinese identifiers are words', () => {
    expect(kinds('rules ruleX rule 乙类金额 when_x')).toEqual(['Identifier:rules', 'Identifier:ruleX', 'Kw_rule:rule', 'Identifier:乙类金额', 'Identifier:when_x']);
  });
  it('comments and the ideographic space are skipped', () => {
    expect(kinds('a\u3000// 注释\nb')).toEqual(['Identifier:a', 'Identifier:b']);
  });
  it('full-width punctuation is skipped by the lexer and reported once, with the ASCII to use', () => {
    expect(kinds('a，b')).toEqual(['Identifier:a', 'Identifier:b']);
    const r = parse('pack a.b 1.0.0 {\n  region "000000"\n}\nparam p: int = 1，\n', 'x.lk');
    const d = r.diagnostics.find((x) => x.code === 'parse/unknown-character')!;
    expect(d.help?.en).toContain('`,`');
  });
  it('hard keywords are few and are expression words; every keyword is English lower-case', () => {
    expect([...hardKeywordWords].sort()).toEqual(['and', 'else', 'false', 'for', 'if', 'in', 'none', 'not', 'or', 'then', 'true', 'where']);
    for (const w of keywordWords) expect(w).toMatch(/^[a-z_]+$/);
  });
  it('enumerated values have Chinese aliases that are not keywords', () => {
    for (const spec of [grades, stages, scenes, windows, lifecycleStates])
      for (const v of spec.values) {
        expect(v.zh).toMatch(/^[\u3400-\u9fff]+$/);
        expect(keywordWords).not.toContain(v.zh);
        expect(enumWords(spec)).toContain(v.zh);
      }
  });
});
