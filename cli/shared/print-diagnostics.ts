// Diagnostics at the CLI edge: `path:line:col: error CODE message`, then the source line with the
// span underlined (`^^^`), then help and fixes. Line/column are computed here and nowhere earlier.
import type { Diagnostic } from '../../dsl/diagnostics/diagnostic.js';
import { LineMap } from '../../dsl/source/line-map.js';

export type Lang = 'zh' | 'en';

/** --lang zh|en, else LIANGKU_LANG, else the locale (Chinese locales get Chinese). */
export function pickLang(args: string[]): Lang {
  const i = args.indexOf('--lang');
  const v = i >= 0 ? args[i + 1] : process.env['LIANGKU_LANG'] ?? (process.env['LANG']?.startsWith('zh') ? 'zh' : 'en');
  return v === 'zh' ? 'zh' : 'en';
}

/** Display width: CJK and full-width characters take two columns, so carets line up under them. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return w;
}

/** The source line of the span's start with the span (its part on that line) underlined. */
export function squiggle(text: string, span: { start: number; end: number }): string {
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  const nl = text.indexOf('\n', span.start);
  const lineEnd = nl < 0 ? text.length : nl;
  const line = text.slice(lineStart, lineEnd).replace(/\t/g, ' ');
  const pad = width(text.slice(lineStart, span.start).replace(/\t/g, ' '));
  const under = Math.max(1, width(text.slice(span.start, Math.min(span.end, lineEnd))));
  return `  | ${line}\n  | ${' '.repeat(pad)}${'^'.repeat(under)}`;
}

export function formatDiagnostic(d: Diagnostic, text: string | undefined, lang: Lang): string {
  const at = text !== undefined ? new LineMap(text).at(d.span.start) : { line: 1, column: 1 };
  let s = `${d.file}:${at.line}:${at.column}: ${d.severity} ${d.code} ${d.message[lang]}`;
  if (text !== undefined && d.span.start <= text.length && text.length > 0) s += `\n${squiggle(text, d.span)}`;
  if (d.help) s += `\n  ${lang === 'zh' ? '提示' : 'help'}: ${d.help[lang]}`;
  for (const f of d.fixes ?? []) s += `\n  ${lang === 'zh' ? '修复' : 'fix'}: ${f.title[lang]}`;
  return s;
}

export function printDiagnostics(ds: readonly Diagnostic[], texts: ReadonlyMap<string, string>, lang: Lang): void {
  for (const d of ds) process.stderr.write(formatDiagnostic(d, texts.get(d.file), lang) + '\n');
}
