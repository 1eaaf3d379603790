// Node edge: read an outcomes file. CSV, XLSX and JSON go through the knowledge reader (same row
// and line numbering as knowledge tables); JSONL is read line by line so one bad line is one error.
import { readFile } from 'node:fs/promises';
import { readRows } from '../compiler/knowledge/read-rows.js';
import type { RawInput } from './outcomes.js';

export async function readOutcomeFile(path: string): Promise<RawInput> {
  const bytes = await readFile(path);
  if (/\.(jsonl|ndjson)$/i.test(path)) return readJsonl(new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, ''));
  return readRows(path, bytes);
}

export function readJsonl(text: string): RawInput {
  const rows: Record<string, unknown>[] = [];
  const lines: number[] = [];
  const problems: { line: number; zh: string; en: string }[] = [];
  text.split(/\r?\n/).forEach((s, i) => {
    if (s.trim() === '') return;
    try {
      const v = JSON.parse(s) as unknown;
      if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
      rows.push(v as Record<string, unknown>);
      lines.push(i + 1);
    } catch (e) {
      problems.push({ line: i + 1, zh: `此行不是 JSON 对象（${(e as Error).message}）`, en: `this line is not a JSON object (${(e as Error).message})` });
    }
  });
  return { rows, lines, header: [...new Set(rows.flatMap((r) => Object.keys(r)))], problems };
}
