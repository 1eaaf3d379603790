// One line of text for a compiler diagnostic (the benchmark only prints them when the pack is broken).
import type { Diagnostic } from '../dsl/diagnostics/diagnostic.js';

export function formatDiagnostic(d: Diagnostic, text?: string): string {
  let where = `${d.file}@${d.span.start}`;
  if (text !== undefined) {
    const before = text.slice(0, d.span.start).split('\n');
    where = `${d.file}:${before.length}:${before[before.length - 1].length + 1} \`${text.slice(d.span.start, d.span.end)}\``;
  }
  return `  ${d.severity} ${d.code} ${where}: ${d.message.en}`;
}
