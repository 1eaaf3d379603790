// The lexer's vocabulary: the one source of truth for every token of the language. The parser, the
// formatter's keyword check, the studio's Monarch highlighter and the docs all read this file.
import { createToken, Lexer, type TokenType } from 'chevrotain';

const ID_START = 'A-Za-z_\\u3400-\\u9fff\\uf900-\\ufaff';
const ID_PART = 'A-Za-z0-9_\\u3400-\\u9fff\\uf900-\\ufaff';

function codeRange(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Any token at all: the parser's `junk` alternatives consume one of these to keep going after an error. */
export const AnyToken = createToken({ name: 'AnyToken', pattern: Lexer.NA });

/** Any name: identifiers and every keyword (member names after `.` may be keywords). */
export const AnyWord = createToken({ name: 'AnyWord', pattern: Lexer.NA });

export const Identifier = createToken({
  name: 'Identifier',
  pattern: new RegExp(`[${ID_START}][${ID_PART}]*`),
  // Every character an identifier may start with, so the lexer keeps its first-character optimisation.
  start_chars_hint: ['_', ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', ...codeRange(0x3400, 0x9fff), ...codeRange(0xf900, 0xfaff)],
  line_breaks: false,
  categories: [AnyWord],
});

// Hard keywords: reserved everywhere (they can start or continue an expression).
const HARD = ['if', 'then', 'else', 'and', 'or', 'not', 'in', 'true', 'false', 'none', 'for', 'where'] as const;

// Soft keywords: recognised only where the grammar expects them, otherwise plain identifiers, so a
// knowledge column or a `let` may be called `amount`, `value` or `line`.
const SOFT = [
  'pack', 'extends', 'region', 'effective', 'year', 'calendar', 'input', 'values', 'knowledge', 'from', 'key', 'lock',
  'locked', 'param', 'range', 'unit', 'illustrative', 'indicator', 'per', 'rule', 'class', 'result', 'stages',
  'scenes', 'window', 'basis', 'state', 'needs', 'exclude', 'when', 'let', 'flag', 'involve', 'amount', 'say',
  'scenario', 'stage', 'include', 'all', 'regrade', 'to', 'set', 'compute', 'value', 'test', 'request', 'with',
  'as_of', 'expect', 'no', 'finding', 'findings', 'notice', 'on', 'line', 'disable', 'restage', 'replace', 'add',
  'columns', 'because', 'by',
] as const;

export type HardKeyword = (typeof HARD)[number];
export type SoftKeyword = (typeof SOFT)[number];

const keywordToken = (word: string, soft: boolean): TokenType =>
  createToken({
    name: `Kw_${word}`,
    pattern: new RegExp(`${word}(?![${ID_PART}])`),
    start_chars_hint: [word[0]!],
    longer_alt: Identifier,
    categories: soft ? [AnyWord, Identifier] : [AnyWord],
  });

export const hardKeywords: Readonly<Record<HardKeyword, TokenType>> = Object.fromEntries(
  HARD.map((w) => [w, keywordToken(w, false)]),
) as Record<HardKeyword, TokenType>;
export const softKeywords: Readonly<Record<SoftKeyword, TokenType>> = Object.fromEntries(
  SOFT.map((w) => [w, keywordToken(w, true)]),
) as Record<SoftKeyword, TokenType>;

/** Every keyword word, for the formatter (quote-free names), completion and Monarch. */
export const keywordWords: readonly string[] = [...HARD, ...SOFT];
export const hardKeywordWords: readonly string[] = HARD;

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\u3000\uFEFF]+/, group: Lexer.SKIPPED, line_breaks: true });
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\n\r]*/, group: 'comments' });

export const DateTok = createToken({ name: 'Date', pattern: /\d{4}-\d{2}-\d{2}(?![\d])/ });
export const VersionTok = createToken({ name: 'Version', pattern: /\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?/ });
/** Version ranges after `extends ID`: ^1.0, ~1.2.3, >=1.0.0, 1.x, 1.2.x */
export const RangeTok = createToken({ name: 'VersionRange', pattern: /(?:[\^~]|>=|<=|>|<)?\d+(?:\.(?:\d+|x|\*))*(?:\.x|\.\*)|[\^~]\d+(?:\.\d+)*|>=\d+(?:\.\d+)*/ });
export const MonthDay = createToken({ name: 'MonthDay', pattern: /\d{2}-\d{2}(?![\d])/ });
export const PercentTok = createToken({ name: 'Percent', pattern: /\d+(?:\.\d+)?%/ });
export const NumberTok = createToken({ name: 'Number', pattern: /\d+(?:\.\d+)?(?![\d])/ });
/** A word that starts with digits but goes on with letters: a rule code such as `10A001`. */
export const DigitWord = createToken({ name: 'DigitWord', pattern: new RegExp(`\\d+[${ID_START}][${ID_PART}]*`) });
/**
 * Scan a string literal starting at `start` (a `"`): returns the index after its closing quote, or
 * -1 when the line ends first. Template placeholders `{…}` may hold their own string literals
 * (`"{if k.gender == "1" then "男" else "女"}"`), so quotes inside braces do not end the string.
 */
/** Index after the escape sequence starting at `i` (a backslash); `\\u{…}` is one escape. */
export function skipEscape(text: string, i: number): number {
  if (text[i + 1] === 'u' && text[i + 2] === '{') {
    const close = text.indexOf('}', i + 3);
    if (close > 0 && close - i <= 10) return close + 1;
  }
  return i + 2;
}

export function scanString(text: string, start: number): number {
  let i = start + 1;
  let depth = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n' || c === '\r') return -1;
    if (c === '\\') {
      i = skipEscape(text, i);
      continue;
    }
    if (depth === 0) {
      if (c === '"') return i + 1;
      if (c === '{' && text[i + 1] === '{') i += 2;
      else if (c === '}' && text[i + 1] === '}') i += 2;
      else {
        if (c === '{') depth = 1;
        i++;
      }
      continue;
    }
    if (c === '"') {
      const end = scanString(text, i);
      if (end < 0) return -1;
      i = end;
    } else {
      if (c === '{') depth++;
      else if (c === '}') depth--;
      i++;
    }
  }
  return -1;
}

export const StringTok = createToken({
  name: 'String',
  pattern: {
    exec: (text: string, offset: number) => {
      if (text[offset] !== '"') return null;
      let end = scanString(text, offset);
      if (end < 0) {
        // A broken placeholder such as "x {y": read the plain string, let the template step report it.
        const plain = /"(?:[^"\\\n\r]|\\.)*"/y;
        plain.lastIndex = offset;
        const m = plain.exec(text);
        if (!m) return null;
        end = offset + m[0].length;
      }
      const m = [text.slice(offset, end)] as unknown as RegExpExecArray;
      return m;
    },
  },
  line_breaks: false,
  start_chars_hint: ['"'],
});
/** A string the line ends before it closes: lexed as a token so the error is one precise diagnostic. */
export const UnterminatedString = createToken({ name: 'UnterminatedString', pattern: /"(?:[^"\\\n\r]|\\.)*/ });

const p = (name: string, pattern: RegExp | string, categories: TokenType[] = []) => createToken({ name, pattern, categories });
/** Operator categories keep a chain's operators in source order in the CST. */
export const AddOp = createToken({ name: 'AddOp', pattern: Lexer.NA });
export const MulOp = createToken({ name: 'MulOp', pattern: Lexer.NA });
export const CmpOp = createToken({ name: 'CmpOp', pattern: Lexer.NA });
export const LCurly = p('LCurly', '{');
export const RCurly = p('RCurly', '}');
export const LParen = p('LParen', '(');
export const RParen = p('RParen', ')');
export const LBracket = p('LBracket', '[');
export const RBracket = p('RBracket', ']');
export const Comma = p('Comma', ',');
export const DotDot = p('DotDot', '..');
export const Dot = p('Dot', '.');
export const Colon = p('Colon', ':');
export const Coalesce = p('Coalesce', '??');
export const Question = p('Question', '?');
export const EqEq = p('EqEq', '==', [CmpOp]);
export const NotEq = p('NotEq', '!=', [CmpOp]);
export const LtEq = p('LtEq', '<=', [CmpOp]);
export const GtEq = p('GtEq', '>=', [CmpOp]);
export const Lt = p('Lt', '<', [CmpOp]);
export const Gt = p('Gt', '>', [CmpOp]);
export const Assign = p('Assign', '=');
export const Plus = p('Plus', '+', [AddOp]);
export const Minus = p('Minus', '-', [AddOp]);
export const Star = p('Star', '*', [MulOp]);
export const Slash = p('Slash', '/', [MulOp]);
export const Caret = p('Caret', '^');
export const Tilde = p('Tilde', '~');
// Characters the language does not use are not tokens: the lexer reports each run of them as an
// error and skips it (parse.ts turns that into `parse/unknown-character`), which keeps the lexer's
// first-character optimisation on.

export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  StringTok,
  UnterminatedString,
  DateTok,
  VersionTok,
  RangeTok,
  PercentTok,
  MonthDay,
  DigitWord,
  NumberTok,
  ...Object.values(hardKeywords),
  ...Object.values(softKeywords),
  Identifier,
  AnyWord,
  AddOp,
  MulOp,
  CmpOp,
  LCurly, RCurly, LParen, RParen, LBracket, RBracket, Comma, DotDot, Dot, Colon, Coalesce, Question,
  EqEq, NotEq, LtEq, GtEq, Lt, Gt, Assign, Plus, Minus, Star, Slash, Caret, Tilde,
];

/** Operator and punctuation spellings, for the studio's highlighter. */
export const operatorSpellings: readonly string[] = ['??', '==', '!=', '<=', '>=', '..', '<', '>', '=', '+', '-', '*', '/', '?', ':', '%'];

for (const t of allTokens) {
  if (t === AnyToken || t === WhiteSpace || t === LineComment) continue;
  const cats = ((t as { CATEGORIES?: TokenType[] }).CATEGORIES ??= []);
  if (!cats.includes(AnyToken)) cats.push(AnyToken);
}
allTokens.push(AnyToken);

const softSet = new Set<TokenType>(Object.values(softKeywords));
/** Is this token type a soft keyword (an identifier the grammar recognises in some places)? */
export const isSoftWord = (t: TokenType): boolean => softSet.has(t);

export const lexer = new Lexer(allTokens, { positionTracking: 'full', ensureOptimizations: true, recoveryEnabled: true });
