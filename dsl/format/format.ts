// The canonical layout of a .lk file (GRAMMAR.md). Printing is two passes:
//   1. declarations → lines, each line remembering the source offset of the node it starts with;
//   2. comments from `file.comments` are placed: a comment alone on its line goes before the first
//      line whose node starts after it (at that line's indent); a comment after code on the same line
//      trails the line holding that code; comments after the last declaration close the file.
// Browser-safe: no node:* imports (the studio formats in a web worker).
import type { Comment, Decl, SourceFile } from '../ast/nodes.js';
import { type Line, LineSink } from './lines.js';
import { DeclPrinter } from './print-decl.js';

const INDENT = '  ';

/** One-line declarations that stay together (no blank line) when the same kind follows itself. */
const GROUPED: ReadonlySet<Decl['kind']> = new Set<Decl['kind']>([
  'InputDecl',
  'ParamDecl',
  'SetChange',
  'DisableChange',
  'RegradeChange',
  'RestageChange',
  'StateChange',
  'KnowledgeRowsChange',
  'LockChange',
]);

export function format(file: SourceFile, text: string): string {
  const sink = new LineSink();
  const printer = new DeclPrinter(sink, { text }, file.comments);
  file.decls.forEach((d, i) => {
    const prev = i > 0 ? file.decls[i - 1]! : null;
    if (prev && !(prev.kind === d.kind && GROUPED.has(d.kind))) sink.blank();
    printer.decl(d);
  });
  const lines = placeComments(sink.lines, file.comments, text);
  return render(lines);
}

interface OutLine extends Line {
  trailing?: string;
}

function placeComments(lines: readonly Line[], comments: readonly Comment[], text: string): OutLine[] {
  const out: OutLine[] = lines.map((l) => ({ ...l }));
  const before = new Map<number, Leading[]>(); // line index → leading comments
  const atEnd: Leading[] = [];
  const sorted = [...comments].sort((a, b) => a.span.start - b.span.start);
  for (const c of sorted) {
    const body = c.text.trimEnd();
    const prev = previousCodeOffset(text, c.span.start);
    if (prev >= 0) {
      const host = lineContaining(out, prev);
      if (host >= 0) {
        if (out[host]!.trailing === undefined) out[host]!.trailing = body;
        else {
          // Two trailing comments cannot share a line: the second leads the next line with a node
          // (where it will be found again on the next run, so formatting stays idempotent).
          const next = nextAnchored(out, host);
          if (next >= 0) push(before, next, body);
          else atEnd.push(body);
        }
        continue;
      }
    }
    // A blank line the author left after an own-line comment (a file header, a section note) stays.
    const spaced = blankLineAfter(text, c.span.end);
    const next = lineStartingAfter(out, c.span.end);
    if (next >= 0) push(before, next, out[next]!.closes ? body : { body, spaced });
    else atEnd.push({ body, spaced });
  }
  const result: OutLine[] = [];
  out.forEach((l, i) => {
    const depth = l.closes ? l.depth + 1 : l.depth;
    for (const t of before.get(i) ?? []) emit(result, depth, t);
    result.push(l);
  });
  if (atEnd.length && result.length) result.push({ depth: 0, text: '', anchor: -1, blank: true });
  for (const t of atEnd) emit(result, 0, t);
  return result;
}

type Leading = string | { readonly body: string; readonly spaced: boolean };

function emit(result: OutLine[], depth: number, c: Leading): void {
  if (typeof c === 'string') return void result.push({ depth, text: c, anchor: -1 });
  result.push({ depth, text: c.body, anchor: -1 });
  if (c.spaced) result.push({ depth: 0, text: '', anchor: -1, blank: true });
}

/** Is there an empty line between `pos` (end of a comment) and the next code or comment? */
function blankLineAfter(text: string, pos: number): boolean {
  let newlines = 0;
  for (let i = pos; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') newlines++;
    else if (ch !== ' ' && ch !== '\t' && ch !== '\r') return newlines >= 2;
  }
  return false;
}

function push<T>(m: Map<number, T[]>, k: number, v: T): void {
  const xs = m.get(k);
  if (xs) xs.push(v);
  else m.set(k, [v]);
}

function nextAnchored(lines: readonly Line[], from: number): number {
  for (let i = from + 1; i < lines.length; i++) if (lines[i]!.anchor >= 0) return i;
  return -1;
}

/** Offset of the last code character before `pos` on the same source line, or -1 if the comment starts its line. */
function previousCodeOffset(text: string, pos: number): number {
  for (let i = pos - 1; i >= 0; i--) {
    const ch = text[i]!;
    if (ch === '\n') return -1;
    if (ch !== ' ' && ch !== '\t' && ch !== '\r') return i;
  }
  return -1;
}

/** The printed line holding source offset `pos`: the line whose node starts last at or before it. */
function lineContaining(lines: readonly Line[], pos: number): number {
  let best = -1;
  lines.forEach((l, i) => {
    if (l.anchor >= 0 && l.anchor <= pos && (best < 0 || l.anchor >= lines[best]!.anchor)) best = i;
  });
  return best;
}

/** The printed line whose node starts first at or after `pos`. */
function lineStartingAfter(lines: readonly Line[], pos: number): number {
  let best = -1;
  lines.forEach((l, i) => {
    if (l.anchor >= pos && (best < 0 || l.anchor < lines[best]!.anchor)) best = i;
  });
  return best;
}

function render(lines: readonly OutLine[]): string {
  // Never two empty lines in a row, never one at the start.
  const kept = lines.filter((l, i) => !l.blank || (i > 0 && !lines[i - 1]!.blank));
  if (!kept.length) return '';
  const text = kept
    .map((l) => {
      if (l.blank) return '';
      const body = l.trailing !== undefined ? `${l.text} ${l.trailing}` : l.text;
      return `${INDENT.repeat(l.depth)}${body}`.trimEnd();
    })
    .join('\n');
  return `${text.trimEnd()}\n`;
}
