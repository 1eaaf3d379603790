// Requests from a file or stdin: JSONL (one per line, streamed), a JSON array, or one JSON object
// (pretty-printed is fine). Yields raw lines/objects; the runtime reports bad ones in place.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

export async function* readRequests(path: string | undefined): AsyncGenerator<unknown> {
  const stream: Readable = path && path !== '-' ? createReadStream(path) : process.stdin;
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  const it = lines[Symbol.asyncIterator]();
  let first = await it.next();
  while (!first.done && first.value.trim() === '') first = await it.next();
  if (first.done) return;
  const head = first.value.trim();
  // Not JSONL: a JSON array or a pretty-printed object spans lines; read it whole.
  if (head.startsWith('[') || (head.startsWith('{') && !isJson(head))) {
    let text = first.value;
    for (let r = await it.next(); !r.done; r = await it.next()) text += '\n' + r.value;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      yield text; // reported as bad JSON in place
      return;
    }
    if (Array.isArray(data)) yield* data;
    else yield data;
    return;
  }
  yield first.value;
  for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
}

/** Whether a text is one JSON value on its own. */
export function isJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}
