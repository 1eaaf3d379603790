// Diagnostics at the CLI edge: `path:line:col: error CODE message`, line/column computed here.
import type { Diagnostic } from '../../dsl/diagnostics/diagnostic.js';
import { LineMap } from '../../dsl/source/line-map.js';

export type Lang = 'zh' | 'en';

/** --lang zh|en, else LIANGKU_LANG, else the locale (Chinese locales get Chinese). */
export function pickLang(args: string[]): Lang {
  const i = args.indexOf('--lang');
  const v = i >= 0 ? args[i + 1] : process.env['LIANGKU_LANG'] ?? (process.env['LANG']?.startsWith('zh') ? 'zh' : 'en');
  return v === 'zh' ? 'zh' : 'en';
}

export function formatDiagnostic(d: Diagnostic, text: string | undefined, lang: Lang): string {
  const at = text !== undefined ? new LineMap(text).at(d.span.start) : { line: 1, column: 1 };
  let s = `${d.file}:${at.line}:${at.column}: ${d.severity} ${d.code} ${d.message[lang]}`;
  if (d.help) s += `\n  ${lang === 'zh' ? '提示' : 'help'}: ${d.help[lang]}`;
  for (const f of d.fixes ?? []) s += `\n  ${lang === 'zh' ? '修复' : 'fix'}: ${f.title[lang]}`;
  return s;
}

export function printDiagnostics(ds: readonly Diagnostic[], texts: ReadonlyMap<string, string>, lang: Lang): void {
  for (const d of ds) process.stderr.write(formatDiagnostic(d, texts.get(d.file), lang) + '\n');
}
