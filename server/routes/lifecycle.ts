// Deprecate and yank. Both keep the artifact and its exact-version URL (results computed with it
// stay reproducible); they only change which version a range resolves to. Yank is final.
import type { FastifyInstance } from 'fastify';
import { actorName, requireRegion, requireToken } from '../auth.js';
import { fail } from '../errors.js';
import { AuthHeader, ReasonBody, StatusResult, VersionParams } from '../schemas.js';
import { recordEvent } from '../store/events-repo.js';
import type { Store } from '../store/open-store.js';
import { getVersion, setVersionStatus, type VersionStatus } from '../store/packs-repo.js';

export function lifecycleRoutes(app: FastifyInstance, store: Store): void {
  const { db } = store;
  const route = (action: 'deprecate' | 'yank', status: VersionStatus, summary: string) =>
    app.post<{ Params: { id: string; version: string }; Body: { reason: string } }>(`/api/packs/:id/:version/${action}`, {
      schema: { params: VersionParams, body: ReasonBody, headers: AuthHeader },
      config: { summary, auth: true, response: StatusResult },
    }, async (req) => {
      const token = requireToken(req, store, ['publisher', 'admin']);
      const { id, version } = req.params;
      const v = getVersion(db, id, version) ?? fail(404, 'not_found', `No version ${id}@${version} in this registry.`);
      requireRegion(token, v.region, `${action} ${id}@${version}`);
      if (v.status === 'yanked') fail(409, 'already_yanked', `${id}@${version} is already yanked; a yank cannot be undone or changed.`);
      let event = 0;
      db.transaction(() => {
        setVersionStatus(db, id, version, status, req.body.reason);
        event = recordEvent(db, { actor: actorName(token), kind: action, packId: id, version, detail: { reason: req.body.reason, from: v.status } });
      })();
      return { id, version, status, reason: req.body.reason, event };
    });

  route('deprecate', 'deprecated', 'Deprecate a version: ranges skip it when another version matches. Publisher of its region or admin.');
  route('yank', 'yanked', 'Yank a version: no range matches it any more; fetchable by exact version only. Publisher of its region or admin.');
}
