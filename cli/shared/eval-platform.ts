// `liangku eval --input 3101 [--output 3101]`: requests in the national platform's 3101/3102 shape
// (one call per line, or one JSON document), mapped with the same code as the server's /api/3101
// (server/platform), evaluated, and answered either in our result format (one line per patient) or
// in the platform's 3101 output shape (one envelope per call).
import { evaluateOne, type LoadedPack } from '../../runtime/index.js';
import type { EvalOptions } from '../../runtime/api.js';
import { mapCall } from '../../server/platform/map-3101.js';
import { envelope, toJudgeResults } from '../../server/platform/map-result.js';

export async function evalPlatform(
  pack: LoadedPack,
  calls: AsyncIterable<unknown>,
  opts: EvalOptions,
  output: 'ours' | '3101',
  write: (line: string) => void,
): Promise<{ calls: number; invalid: number }> {
  let n = 0;
  let invalid = 0;
  for await (const item of calls) {
    if (typeof item === 'string' && item.trim() === '') continue;
    n++;
    let body: unknown = item;
    if (typeof item === 'string') {
      try {
        body = JSON.parse(item);
      } catch (e) {
        invalid++;
        write(JSON.stringify({ line: n, error: { code: 'bad-json', message: `call ${n} is not valid JSON (${(e as Error).message}) / 第 ${n} 个调用不是有效的 JSON`, path: '' } }));
        continue;
      }
    }
    const receivedAt = new Date();
    const call = mapCall(body);
    const options: EvalOptions = { ...opts, stage: opts.stage ?? call.stage ?? 'pre' };
    const outcomes = call.requests.map((mapped, i) => ({ mapped, result: evaluateOne(pack, mapped.request, i + 1, options) }));
    invalid += outcomes.filter((o) => 'error' in o.result).length + (call.requests.length === 0 ? 1 : 0);
    if (output === '3101') {
      const msgid = (body as { msgid?: unknown } | null)?.msgid;
      const taskId = call.data?.task_id;
      const { result, problems } = toJudgeResults(outcomes, {
        ...(typeof taskId === 'string' || typeof taskId === 'number' ? { taskId: String(taskId) } : {}),
        ...(typeof msgid === 'string' ? { callId: msgid } : {}),
        ...(call.ruleIds ? { ruleIds: call.ruleIds } : {}),
      });
      write(JSON.stringify(envelope(result, [...call.problems, ...problems], typeof msgid === 'string' ? msgid : null, receivedAt)));
    } else {
      for (const p of call.problems) write(JSON.stringify({ line: n, error: { code: 'bad-request', message: p, path: '' } }));
      for (const o of outcomes) write(JSON.stringify(o.result));
    }
  }
  return { calls: n, invalid };
}
