// Expressions in canonical form: single spaces around operators, and only the parentheses the
// precedence table needs (GRAMMAR.md: if < ?? < or < and < not < comparison/in < + - < * / < unary - < postfix).
// The AST has no parenthesis node, so "minimal parentheses" is simply: wrap a child whose level is
// lower than the level its position requires.
import type { BinaryOp, Expr, Template, TemplateText } from '../ast/nodes.js';

/** Precedence levels, lowest first. A child printed at position level L is wrapped when its own level < L. */
export const Prec = {
  If: 0,
  Coalesce: 1,
  Or: 2,
  And: 3,
  Not: 4,
  Cmp: 5,
  Add: 6,
  Mul: 7,
  Unary: 8,
  Postfix: 9,
  Primary: 10,
} as const;

const BINARY_PREC: Record<BinaryOp, number> = {
  '??': Prec.Coalesce,
  or: Prec.Or,
  and: Prec.And,
  '==': Prec.Cmp,
  '!=': Prec.Cmp,
  '<': Prec.Cmp,
  '<=': Prec.Cmp,
  '>': Prec.Cmp,
  '>=': Prec.Cmp,
  '+': Prec.Add,
  '-': Prec.Add,
  '*': Prec.Mul,
  '/': Prec.Mul,
};

/** Source text, so error nodes (broken input) can be kept verbatim instead of lost. */
export interface ExprContext {
  readonly text: string;
}

export function exprPrec(e: Expr): number {
  switch (e.kind) {
    case 'IfExpr':
      return Prec.If;
    case 'BinaryExpr':
      return BINARY_PREC[e.op];
    case 'UnaryExpr':
      return e.op === 'not' ? Prec.Not : Prec.Unary;
    case 'InExpr':
    case 'RangeTest':
      return Prec.Cmp;
    case 'MemberExpr':
    case 'IndexExpr':
      return Prec.Postfix;
    default:
      return Prec.Primary;
  }
}

/** Print `e` for a position that needs at least level `min` (wrapping in parentheses otherwise). */
export function printExpr(e: Expr, ctx: ExprContext, min: number = Prec.If): string {
  const s = printBare(e, ctx);
  return exprPrec(e) < min ? `(${s})` : s;
}

function printBare(e: Expr, ctx: ExprContext): string {
  const p = (x: Expr, min: number) => printExpr(x, ctx, min);
  const list = (xs: readonly Expr[]) => xs.map((x) => p(x, Prec.If)).join(', ');
  switch (e.kind) {
    case 'NumberLit':
    case 'DateLit':
      return e.text;
    case 'PercentLit':
      return `${e.text}%`;
    case 'StringLitExpr':
      return quoteString(e.value, true);
    case 'TemplateExpr':
      return printTemplate(e.template, ctx);
    case 'BoolLit':
      return e.value ? 'true' : 'false';
    case 'NoneLit':
      return 'none';
    case 'NameRef':
      return e.name.text;
    case 'MemberExpr':
      return `${p(e.object, Prec.Postfix)}.${e.member.text}`;
    case 'IndexExpr':
      return `${p(e.object, Prec.Postfix)}[${list(e.keys)}]`;
    case 'CallExpr':
      return `${e.callee.text}(${list(e.args)})`;
    case 'UnaryExpr': {
      if (e.op === 'not') return `not ${p(e.operand, Prec.Not)}`;
      const inner = p(e.operand, Prec.Unary);
      // `- -x`, never `--x`: keeps the two minus signs two tokens.
      return inner.startsWith('-') ? `- ${inner}` : `-${inner}`;
    }
    case 'BinaryExpr': {
      const lvl = BINARY_PREC[e.op];
      // Comparisons do not chain (`a < b < c` is not in the grammar): both sides one level up.
      const leftMin = lvl === Prec.Cmp ? Prec.Add : lvl;
      return `${p(e.left, leftMin)} ${e.op} ${p(e.right, lvl + 1)}`;
    }
    case 'InExpr':
      return `${p(e.element, Prec.Add)} ${e.negated ? 'not in' : 'in'} ${p(e.collection, Prec.Add)}`;
    case 'RangeTest':
      return `${p(e.value, Prec.Add)} ${e.negated ? 'not in' : 'in'} ${p(e.lo, Prec.Add)} .. ${p(e.hi, Prec.Add)}`;
    case 'IfExpr': {
      // A nested `if` in the condition or the `then` branch is legal but hard to read: parenthesize it.
      // The `else if` chain stays flat.
      const cond = e.cond.kind === 'IfExpr' ? `(${p(e.cond, 0)})` : p(e.cond, 0);
      const then = e.then.kind === 'IfExpr' ? `(${p(e.then, 0)})` : p(e.then, 0);
      return `if ${cond} then ${then} else ${p(e.else, 0)}`;
    }
    case 'SetExpr':
      return `{${list(e.items)}}`;
    case 'ListExpr':
      return `[${list(e.items)}]`;
    case 'Comprehension':
      return `${e.fn.text}(${p(e.element, 0)} for ${e.binder.text} in ${p(e.source, 0)}${whereClause(e.where, ctx)})`;
    case 'GroupExpr':
      return `group(${p(e.element, 0)} for ${e.binder.text} in ${p(e.source, 0)} by ${p(e.by, 0)}${whereClause(e.where, ctx)})`;
    case 'ErrorExpr':
      return ctx.text.slice(e.span.start, e.span.end).trim() || 'none';
  }
}

function whereClause(w: Expr | null, ctx: ExprContext): string {
  return w ? ` where ${printExpr(w, ctx, 0)}` : '';
}

/** A template (say messages, strings with placeholders): text re-escaped, expressions back as `{expr}`. */
export function printTemplate(t: Template, ctx: ExprContext): string {
  let out = '"';
  for (const part of t.parts) {
    if (part.kind === 'TemplateText') out += escapeText((part as TemplateText).text, true);
    else out += `{${printExpr(part as Expr, ctx, 0)}}`;
  }
  return out + '"';
}

/** A quoted string literal. `braces`: the string may hold placeholders (literal braces doubled). */
export function quoteString(value: string, braces: boolean): string {
  return `"${escapeText(value, braces)}"`;
}

export function escapeText(value: string, braces: boolean): string {
  let out = '';
  for (const ch of value) {
    switch (ch) {
      case '"':
        out += '\\"';
        break;
      case '\\':
        out += '\\\\';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\t':
        out += '\\t';
        break;
      // Every string token is brace-aware in the lexer (a `{` opens a placeholder that may hold its own
      // quotes), so a literal brace is never written bare: `{{`/`}}` where placeholders are read,
      // `\u{7b}`/`\u{7d}` in plain strings, whose braces the parser does not undouble.
      case '{':
        out += braces ? '{{' : '\\u{7b}';
        break;
      case '}':
        out += braces ? '}}' : '\\u{7d}';
        break;
      default: {
        const code = ch.codePointAt(0)!;
        // Other control characters would be invisible: write them as \u{…} — except in strings that
        // may hold placeholders, where the parser (dsl/parse/strings.ts) currently reads the `{` of
        // `\u{…}` as a placeholder; there they stay raw (legal inside a string token). `\r` cannot
        // be raw (it ends the token), so it is always escaped.
        const control = code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029;
        out += control && (!braces || code === 0x0d) ? `\\u{${code.toString(16)}}` : ch;
      }
    }
  }
  return out;
}
