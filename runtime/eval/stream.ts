// Evaluate many requests (JSONL lines, JSON texts or objects) in input order; a bad one yields an
// EvalError in its place so the number of results always equals the number of requests.
import type { EvalError, EvalOptions, EvalResult } from '../api.js';
import type { LoadedPack } from '../load/loaded-pack.js';
import { evaluate } from './evaluate.js';
import { isBadRequest } from './request.js';

function requestId(x: unknown): string | undefined {
  if (!x || typeof x !== 'object') return undefined;
  const id = (x as Record<string, unknown>)['request_id'];
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/** Evaluate one item; never throws for a bad request (line = 1-based position). */
export function evaluateOne(pack: LoadedPack, item: unknown, line: number, options?: EvalOptions): EvalResult | EvalError {
  let req = item;
  if (typeof item === 'string') {
    try {
      req = JSON.parse(item);
    } catch (e) {
      return { line, error: { code: 'bad-json', message: `line ${line} is not valid JSON (${(e as Error).message}) / 第 ${line} 行不是有效的 JSON`, path: '' } };
    }
  }
  try {
    return evaluate(pack, req, options);
  } catch (e) {
    const id = requestId(req);
    if (isBadRequest(e)) return { line, ...(id !== undefined ? { request_id: id } : {}), error: { code: e.code, message: e.message, path: e.path } };
    const message = e instanceof Error ? e.message : String(e);
    return { line, ...(id !== undefined ? { request_id: id } : {}), error: { code: 'eval-failed', message: `evaluation failed: ${message} / 评估失败`, path: '' } };
  }
}

export async function* evaluateStream(
  pack: LoadedPack, input: AsyncIterable<unknown> | Iterable<unknown>, options?: EvalOptions,
): AsyncGenerator<EvalResult | EvalError> {
  let line = 0;
  for await (const item of input as AsyncIterable<unknown>) {
    line++;
    if (typeof item === 'string' && item.trim() === '') continue; // blank JSONL lines are not requests
    yield evaluateOne(pack, item, line, options);
  }
}
