// HOOK FOR THE LEAD: evaluation over HTTP. It will load a registry artifact with runtime/ and
// evaluate audit requests (claim-format.md). Until runtime/eval is finished this answers 501 so
// clients can already discover the route. Do not import runtime/eval here before it is ready.
import type { FastifyInstance } from 'fastify';
import { errorBody } from '../errors.js';
import type { Store } from '../store/open-store.js';

export function evalRoutes(app: FastifyInstance, _store: Store): void {
  app.post('/api/eval/:id/:versionOrRange', {
    config: { summary: 'Evaluate audit requests against a published pack version (not available yet: 501)' },
  }, async (_req, reply) =>
    reply.code(501).send(errorBody('not_implemented', 'Evaluation over HTTP is not available in this version yet; use `liangku eval --pack ARTIFACT` on the command line.')),
  );
}
