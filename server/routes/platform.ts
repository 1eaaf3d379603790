// The national platform's rule-analysis services over HTTP: POST /api/3101 (事前) and /api/3102 (事中)
// take the platform's request (envelope with input.data, or data alone), audit every patient against a
// registry pack and answer in the platform's output shape. Input problems answer HTTP 200 with
// infcode -1 and err_msg (what platform clients read); an unknown pack or bad query is a 404/400 {error}.
import type { FastifyInstance } from 'fastify';
import { evaluateOne, type EvalOptions } from '../../runtime/index.js';
import { errorBody } from '../errors.js';
import { mapCall, type Stage } from '../platform/map-3101.js';
import { envelope, toJudgeResults } from '../platform/map-result.js';
import { feeLineFields } from '../platform/pack-fields.js';
import type { Store } from '../store/open-store.js';
import { evalOptions, loadedFor, packHeaders, resolveOr404 } from './eval.js';

let defaultFor: { env: string | undefined; pack: { id: string; range: string } } | undefined;
/** The pack used when the query names none: `LIANGKU_PLATFORM_PACK=id@range`, else the highest nhsa.audit. */
export function defaultPack(): { id: string; range: string } {
  const env = process.env.LIANGKU_PLATFORM_PACK;
  // Read on every request (it may change in tests), parsed again only when it does.
  if (!defaultFor || defaultFor.env !== env) {
    const m = env ? /^([^@\s]+)(?:@(.+))?$/.exec(env.trim()) : null;
    defaultFor = { env, pack: m ? { id: m[1]!, range: m[2] ?? 'latest' } : { id: 'nhsa.audit', range: 'latest' } };
  }
  return defaultFor.pack;
}

interface PlatformQuery {
  pack?: string;
  version?: string;
  scenario?: string;
  asOf?: string;
  stage?: string;
}

const textOf = (x: unknown): string | null => (typeof x === 'string' && x !== '' ? x : typeof x === 'number' ? String(x) : null);

export function platformRoutes(app: FastifyInstance, store: Store): void {
  const route = (infno: '3101' | '3102', stage: Stage, summary: string) =>
    app.post<{ Querystring: PlatformQuery }>(`/api/${infno}`, {
      schema: {
        querystring: {
          type: 'object',
          properties: { pack: { type: 'string' }, version: { type: 'string' }, scenario: { type: 'string' }, asOf: { type: 'string' }, stage: { type: 'string' } },
          additionalProperties: false,
        },
      },
      config: { summary },
    }, async (req, reply) => {
      const receivedAt = new Date();
      const q = req.query;
      const parsed = evalOptions({ stage: q.stage, scenario: q.scenario, asOf: q.asOf });
      if ('error' in parsed) return reply.code(400).send(parsed.error);
      const def = defaultPack();
      const id = q.pack ?? def.id;
      const v = resolveOr404(store, id, q.version ?? (q.pack ? 'latest' : def.range));
      const pack = loadedFor(app, v);
      packHeaders(reply, v);
      const body = req.body as Record<string, unknown> | undefined;
      const msgid = textOf(body?.msgid);
      const call = mapCall(body, feeLineFields(pack.artifact));
      if (call.data === null && body === undefined) {
        return reply.code(400).send(errorBody('invalid_body', `Send the platform's ${infno} request as JSON (an envelope with input.data, or the data object).`));
      }
      // Stage: the query wins, then trig_scen (which decides 事前/事中 on the platform), then the service number.
      const options: EvalOptions = { ...parsed.options, stage: parsed.options.stage ?? call.stage ?? stage };
      const outcomes = call.requests.map((mapped, i) => ({ mapped, result: evaluateOne(pack, mapped.request, i + 1, options) }));
      const taskId = textOf(call.data?.task_id) ?? undefined;
      const { result, problems } = toJudgeResults(outcomes, { taskId, callId: msgid ?? undefined, ruleIds: call.ruleIds });
      return envelope(result, [...call.problems, ...problems], msgid, receivedAt);
    });
  route('3101', 'pre', 'National platform 3101 明细审核事前分析服务: the platform request in, output.result[] (违规信息) out. Query: pack, version (range), scenario, asOf, stage.');
  route('3102', 'mid', 'National platform 3102 明细审核事中分析服务: as 3101, evaluated at 事中 (mid) unless trig_scen says 事前.');
}
