// Reading the registry: the pack list, one pack's versions, one artifact (by exact version or
// semver range, with ETag = content hash), and the audit trail. No token needed.
import type { FastifyInstance } from 'fastify';
import { fail } from '../errors.js';
import { listEvents } from '../store/events-repo.js';
import type { Store } from '../store/open-store.js';
import { readArtifactBytes } from '../store/artifact-files.js';
import { getPack, latestVersion, listPackRows, listVersions, type VersionRow } from '../store/packs-repo.js';
import { resolveOr404 } from './eval.js';
import { EventList, EventsQuery, PackDetail, PackIdParams, PackList, VersionOrRangeParams } from '../schemas.js';

export function versionInfo(v: VersionRow) {
  return {
    version: v.version,
    hash: v.hash,
    region: v.region,
    base: v.base_id === null ? null : { id: v.base_id, range: v.base_range ?? '*' },
    status: v.status,
    reason: v.reason,
    publishedBy: v.published_by,
    publishedAt: v.published_at,
    note: v.note,
  };
}

/** True when an If-None-Match header names this entity tag (weak or strong, lists, or `*`). */
export function etagMatches(header: string | undefined, hash: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag === `"${hash}"`;
  });
}

export function packReadRoutes(app: FastifyInstance, store: Store): void {
  const { db } = store;

  app.get('/api/packs', {
    config: { summary: 'List packs with their latest (highest non-yanked) version', response: PackList },
  }, async () => ({
    packs: listPackRows(db).map((p) => ({
      id: p.id,
      title: p.title,
      region: p.region,
      latest: latestVersion(db, p.id)?.version ?? null,
      versions: listVersions(db, p.id).length,
    })),
  }));

  app.get<{ Params: { id: string } }>('/api/packs/:id', {
    schema: { params: PackIdParams },
    config: { summary: 'One pack and all its versions with status (highest first)', response: PackDetail },
  }, async (req) => {
    const pack = getPack(db, req.params.id) ?? fail(404, 'not_found', `No pack "${req.params.id}" in this registry.`);
    return {
      id: pack.id,
      title: pack.title,
      region: pack.region,
      latest: latestVersion(db, pack.id)?.version ?? null,
      versions: listVersions(db, pack.id).map(versionInfo),
    };
  });

  app.get<{ Params: { id: string }; Querystring: { after?: number; limit?: number } }>('/api/packs/:id/events', {
    schema: { params: PackIdParams, querystring: EventsQuery },
    config: { summary: "A pack's audit trail (append-only), oldest first", response: EventList },
  }, async (req) => {
    if (!getPack(db, req.params.id)) fail(404, 'not_found', `No pack "${req.params.id}" in this registry.`);
    return { events: listEvents(db, { packId: req.params.id, after: req.query.after, limit: req.query.limit }) };
  });

  app.get<{ Querystring: { after?: number; limit?: number } }>('/api/events', {
    schema: { querystring: EventsQuery },
    config: { summary: 'The whole audit trail (publications, status changes, token changes), oldest first', response: EventList },
  }, async (req) => ({ events: listEvents(db, { after: req.query.after, limit: req.query.limit }) }));

  app.get<{ Params: { id: string; versionOrRange: string } }>('/api/packs/:id/:versionOrRange', {
    schema: { params: VersionOrRangeParams },
    config: {
      summary: 'The artifact JSON of an exact version, "latest", or the highest version satisfying a semver range. ETag = content hash; If-None-Match gives 304.',
      response: { $ref: '#/components/schemas/LiangkuArtifact' },
    },
  }, async (req, reply) => {
    const { id, versionOrRange } = req.params;
    const v = resolveOr404(store, id, versionOrRange);
    reply.header('ETag', `"${v.hash}"`);
    reply.header('X-Liangku-Version', v.version);
    reply.header('X-Liangku-Status', v.status);
    if (v.reason) reply.header('X-Liangku-Status-Reason', encodeURIComponent(v.reason));
    // An exact version's bytes never change; a range may resolve differently tomorrow.
    reply.header('Cache-Control', v.version === versionOrRange ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (etagMatches(req.headers['if-none-match'], v.hash)) return reply.code(304).send();
    const json = readArtifactBytes(store.artifactsDir, v.hash) ?? fail(500, 'internal', `The stored artifact file for ${id}@${v.version} is missing from the data directory.`);
    return reply.type('application/json; charset=utf-8').send(json);
  });
}
