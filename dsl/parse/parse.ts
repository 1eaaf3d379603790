// Text → AST: lex, parse (with recovery), then the CST → AST step. Never throws on any input;
// every problem is a diagnostic with a stable code and a span inside the text.
import type { IRecognitionException, IToken } from 'chevrotain';
import type { Comment, Expr, SourceFile } from '../ast/nodes.js';
import type { Diagnostic, Result } from '../diagnostics/diagnostic.js';
import { lexer, StringTok, UnterminatedString } from '../lex/tokens.js';
import { CstToAst } from './cst-to-ast.js';
import { describeToken, describeTokenType, type RawParseError } from './error-messages.js';
import { parserInstance } from './grammar.js';

export interface Parsed extends Result<SourceFile> {
  readonly value: SourceFile;
}

/** Parse one `.lk` file. `path` is only used to label diagnostics. */
export function parse(text: string, path = '<input>'): Parsed {
  const diagnostics: Diagnostic[] = [];
  const comments: IToken[] = [];
  const tokens = lexTokens(text, 0, path, diagnostics, comments);
  const parser = parserInstance();
  parser.input = tokens;
  const cst = parser.file();
  diagnostics.push(...parserErrors(parser.errors, text, path));
  const toAst = new CstToAst(path, text, (src, offset) => parseEmbedded(src, offset, text, path));
  const value = toAst.file(
    cst,
    comments.map((c): Comment => ({ text: c.image, span: { start: c.startOffset, end: c.endOffset! + 1 } })),
  );
  diagnostics.push(...toAst.diagnostics);
  return { value, diagnostics: dedupe(diagnostics) };
}

/** Parse a single expression (the studio's evaluator, tests). */
export function parseExpression(text: string, path = '<expr>'): Result<Expr> {
  const r = parseEmbedded(text, 0, text, path);
  const toAst = new CstToAst(path, text, (src, offset) => parseEmbedded(src, offset, text, path));
  const value = r.cst ? toAst.expr(r.cst) : undefined;
  return { value, diagnostics: dedupe([...r.diagnostics, ...toAst.diagnostics]) };
}

// A template placeholder `{expr}`: lexed and parsed at its offset in the file, so spans are exact.
function parseEmbedded(source: string, offset: number, fileText: string, path: string) {
  const diagnostics: Diagnostic[] = [];
  const tokens = lexTokens(source, offset, path, diagnostics);
  const parser = parserInstance();
  const saved = parser.input;
  parser.input = tokens;
  const cst = parser.expr();
  const errors = [...parser.errors];
  parser.input = saved;
  diagnostics.push(...parserErrors(errors, fileText, path));
  return { cst: cst ?? null, diagnostics };
}

function lexTokens(text: string, offset: number, path: string, diagnostics: Diagnostic[], comments?: IToken[]): IToken[] {
  const r = lexer.tokenize(text);
  comments?.push(...(r.groups['comments'] ?? []));
  const out: IToken[] = [];
  for (const t of r.tokens) {
    if (offset) {
      t.startOffset += offset;
      t.endOffset = (t.endOffset ?? t.startOffset) + offset;
    }
    const span = { start: t.startOffset, end: t.endOffset! + 1 };
    if (t.tokenType === UnterminatedString) {
      diagnostics.push(diag('parse/unterminated-string', path, span, '字符串缺少结尾的 `"`', 'string is missing its closing `"`', { zh: '字符串不能跨行；在本行末尾补上 `"`', en: 'strings cannot span lines; close it with `"` on this line' }));
      (t as { tokenType: unknown }).tokenType = StringTok;
      (t as { image: string }).image = `${t.image}"`;
    }
    out.push(t);
  }
  for (const e of r.errors) {
    const ch = text.slice(e.offset, e.offset + (e.length || 1));
    const shown = ch.length > 12 ? `${ch.slice(0, 12)}…` : ch;
    diagnostics.push(diag('parse/unknown-character', path, { start: e.offset + offset, end: e.offset + offset + (e.length || 1) }, `无法识别的字符 \`${shown}\``, `unknown character \`${shown}\``, fullWidthHelp(ch[0] ?? '')));
  }
  return out;
}

/** Full-width punctuation typed with a Chinese IME is the most common stray character. */
function fullWidthHelp(ch: string): { zh: string; en: string } | undefined {
  const map: Record<string, string> = { '，': ',', '（': '(', '）': ')', '：': ':', '“': '"', '”': '"', '＝': '=', '；': ';', '【': '[', '】': ']', '｛': '{', '｝': '}' };
  const ascii = map[ch];
  return ascii ? { zh: `这是全角字符；请改用半角 \`${ascii}\``, en: `this is a full-width character; use the ASCII \`${ascii}\`` } : undefined;
}

function parserErrors(errors: readonly IRecognitionException[], text: string, path: string): Diagnostic[] {
  return errors.map((e) => {
    let raw: RawParseError;
    try {
      raw = JSON.parse(e.message) as RawParseError;
    } catch {
      raw = { kind: 'no-viable', expected: [], rule: '' };
    }
    const t = e.token;
    const atEnd = t.tokenType.name === 'EOF' || !Number.isFinite(t.startOffset);
    const prev = (e as { previousToken?: IToken }).previousToken;
    const span = atEnd
      ? prev && Number.isFinite(prev.endOffset) ? { start: prev.endOffset! + 1, end: prev.endOffset! + 1 } : { start: text.length, end: text.length }
      : { start: t.startOffset, end: t.endOffset! + 1 };
    // An expression can start with a dozen tokens; name the idea, not the list.
    const isExpr = raw.expected.includes('Number') && raw.expected.includes('String');
    const exp = isExpr ? [{ zh: '表达式', en: 'an expression' }] : raw.expected.filter((x) => x !== 'AnyToken').slice(0, 6).map(describeTokenType);
    const found = describeToken(t);
    const zhExp = exp.length ? exp.map((x) => x.zh).join('、') : '其他内容';
    const enExp = exp.length ? exp.map((x) => x.en).join(', ') : 'something else';
    if (raw.kind === 'mismatch')
      return diag('parse/expected', path, span, `此处应为 ${zhExp}，实际是 ${found.zh}`, `expected ${enExp} but found ${found.en}`);
    return diag('parse/unexpected-token', path, span, `这里不应出现 ${found.zh}（应为 ${zhExp}）`, `unexpected ${found.en} (expected ${enExp})`);
  });
}

function diag(code: string, file: string, span: { start: number; end: number }, zh: string, en: string, help?: { zh: string; en: string }): Diagnostic {
  return { code, severity: 'error', file, span, message: { zh, en }, ...(help ? { help } : {}) };
}

/** Recovery can report the same place twice; keep the first report per (code, start). */
function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of ds.sort((a, b) => a.span.start - b.span.start)) {
    const k = `${d.span.start}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(d);
  }
  return out;
}
