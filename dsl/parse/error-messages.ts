// Chevrotain reports errors as strings; we make those strings a small JSON record so parse.ts can
// build our own bilingual diagnostics (with the expected tokens named the way users know them).
import type { IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';

export interface RawParseError {
  readonly kind: 'mismatch' | 'no-viable' | 'early-exit' | 'not-all-input';
  readonly expected: readonly string[]; // token type names
  readonly rule: string;
}

const firstTokens = (paths: TokenType[][][]): string[] => {
  const names = new Set<string>();
  for (const alt of paths) for (const path of alt) if (path[0]) names.add(path[0].name);
  return [...names];
};

export const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, ruleName }) =>
    JSON.stringify({ kind: 'mismatch', expected: [expected.name], rule: ruleName } satisfies RawParseError),
  buildNotAllInputParsedMessage: ({ ruleName }) => JSON.stringify({ kind: 'not-all-input', expected: [], rule: ruleName } satisfies RawParseError),
  buildNoViableAltMessage: ({ expectedPathsPerAlt, ruleName }) =>
    JSON.stringify({ kind: 'no-viable', expected: firstTokens(expectedPathsPerAlt), rule: ruleName } satisfies RawParseError),
  buildEarlyExitMessage: ({ expectedIterationPaths, ruleName }) =>
    JSON.stringify({ kind: 'early-exit', expected: firstTokens([expectedIterationPaths]), rule: ruleName } satisfies RawParseError),
};

/** How a token type is named to users. */
export function describeTokenType(name: string): { zh: string; en: string } {
  if (name.startsWith('Kw_')) {
    const w = `\`${name.slice(3)}\``;
    return { zh: w, en: w };
  }
  const known: Record<string, [string, string]> = {
    Identifier: ['名称', 'a name'],
    AnyWord: ['名称', 'a name'],
    String: ['字符串', 'a string'],
    Number: ['数字', 'a number'],
    Percent: ['百分比', 'a percentage'],
    Date: ['日期（YYYY-MM-DD）', 'a date (YYYY-MM-DD)'],
    Version: ['版本号（如 1.0.0）', 'a version (e.g. 1.0.0)'],
    VersionRange: ['版本范围（如 ^1.0）', 'a version range (e.g. ^1.0)'],
    MonthDay: ['月-日（如 07-01）', 'a month-day (e.g. 07-01)'],
    DigitWord: ['规则编码', 'a rule code'],
    AnyToken: ['内容', 'something'],
    EOF: ['文件结尾', 'the end of the file'],
    CmpOp: ['比较运算符', 'a comparison operator'],
    AddOp: ['`+` 或 `-`', '`+` or `-`'],
    MulOp: ['`*` 或 `/`', '`*` or `/`'],
  };
  const punct: Record<string, string> = {
    LCurly: '{', RCurly: '}', LParen: '(', RParen: ')', LBracket: '[', RBracket: ']', Comma: ',', DotDot: '..', Dot: '.',
    Colon: ':', Coalesce: '??', Question: '?', EqEq: '==', NotEq: '!=', LtEq: '<=', GtEq: '>=', Lt: '<', Gt: '>', Assign: '=',
    Plus: '+', Minus: '-', Star: '*', Slash: '/',
  };
  if (known[name]) return { zh: known[name][0], en: known[name][1] };
  const p = punct[name];
  if (p) return { zh: `\`${p}\``, en: `\`${p}\`` };
  return { zh: name, en: name };
}

export function describeToken(t: IToken): { zh: string; en: string } {
  if (t.tokenType.name === 'EOF') return describeTokenType('EOF');
  const shown = t.image.length > 24 ? `${t.image.slice(0, 24)}…` : t.image;
  return { zh: `\`${shown}\``, en: `\`${shown}\`` };
}
