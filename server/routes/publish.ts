// Publishing a version. The checks run in the order a publisher can act on them: who you are
// (401/403), is this a liangku artifact (400), may you publish for its region (403), does its base
// exist (400), is the version new (409). A published id+version is never overwritten.
import type { FastifyInstance } from 'fastify';
import semver from 'semver';
import { checkArtifact } from '../artifact-check.js';
import { actorName, requireRegion, requireToken } from '../auth.js';
import { fail, HttpError } from '../errors.js';
import { AuthHeader, PublishResult } from '../schemas.js';
import { writeArtifactFile } from '../store/artifact-files.js';
import { recordEvent } from '../store/events-repo.js';
import type { Store } from '../store/open-store.js';
import { getPack, getVersion, insertVersion, listVersions } from '../store/packs-repo.js';
import { recordPublishGovernance, replayGateRefusal, splitPublishBody } from './governance.js';

/** The `{ artifact, replay }` wrapper takes nothing else: a misspelt field must not be dropped silently. */
function refuseUnknownWrapperFields(body: unknown): void {
  if (body === null || typeof body !== 'object' || Array.isArray(body) || !('artifact' in body) || 'manifest' in body) return;
  const extra = Object.keys(body).filter((k) => k !== 'artifact' && k !== 'replay');
  if (extra.length) {
    fail(400, 'invalid_body', `The publish body has an unknown field "${extra[0]}"; send the artifact itself, or { "artifact": …, "replay": … }.`);
  }
}

export function publishRoutes(app: FastifyInstance, store: Store): void {
  const { db } = store;

  app.post('/api/packs', {
    schema: { headers: AuthHeader, body: { type: 'object' } },
    config: {
      summary: 'Publish a new pack version. Body: the artifact JSON from `liangku build`. Needs a publisher or admin token whose region covers the manifest region.',
      auth: true,
      requestBody: { $ref: '#/components/schemas/LiangkuArtifact' },
      response: PublishResult,
      status: 201,
    },
  }, async (req, reply) => {
    const token = requireToken(req, store, ['publisher', 'admin']);
    const body = splitPublishBody(req.body); // the artifact, or { artifact, replay } (replay gate, issue 10)
    refuseUnknownWrapperFields(req.body);
    const artifact = checkArtifact(body.artifact, store.keysDir);
    const m = artifact.manifest;
    requireRegion(token, m.region, `publish ${m.id}`);

    const pack = getPack(db, m.id);
    if (pack) {
      requireRegion(token, pack.region, `publish new versions of ${m.id}, which belongs to region ${pack.region},`);
      if (pack.region !== m.region) {
        fail(409, 'region_mismatch', `Pack ${m.id} is registered for region ${pack.region}; this artifact says region ${m.region}. Keep the region of a pack across versions, or publish under a new id.`);
      }
    }

    if (m.extends) {
      const { id: baseId, range } = m.extends;
      if (semver.validRange(range) === null) fail(400, 'missing_base', `The base range "${range}" for ${baseId} is not a semver range.`);
      const candidates = listVersions(db, baseId).filter((v) => v.status !== 'yanked');
      if (!semver.maxSatisfying(candidates.map((v) => v.version), range)) {
        fail(400, 'missing_base', `This pack extends ${baseId} ${range}, but the registry has no ${candidates.length ? 'non-yanked version in that range' : 'such pack'}. Publish the base first.`);
      }
    }

    const existing = getVersion(db, m.id, m.version);
    if (existing) {
      fail(409, 'version_exists', `${m.id}@${m.version} is already published (hash ${existing.hash.slice(0, 12)}…, ${existing.status}); a published version is never replaced. Raise the version in the pack declaration and publish again.`);
    }

    const gate = replayGateRefusal(store, artifact, body.replay);
    if (gate) return reply.code(gate.status).send(gate.body);

    // The file first (content-addressed, harmless if the insert then fails), then one transaction.
    writeArtifactFile(store.artifactsDir, artifact.hash, JSON.stringify(artifact));
    let event = 0;
    try {
      db.transaction(() => {
        insertVersion(db, {
          pack_id: m.id,
          version: m.version,
          hash: artifact.hash,
          region: m.region,
          title: m.title,
          base_id: m.extends?.id ?? null,
          base_range: m.extends?.range ?? null,
          published_by: actorName(token),
          note: null,
        });
        event = recordEvent(db, {
          actor: actorName(token),
          kind: 'publish',
          packId: m.id,
          version: m.version,
          detail: { hash: artifact.hash, region: m.region, base: m.extends, signed: artifact.signature?.keyId ?? null },
        });
        recordPublishGovernance(store, artifact, actorName(token), body.replay);
      })();
    } catch (err) {
      // Two publishers racing for the same version: the primary key decides, the loser gets 409.
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw new HttpError(409, 'version_exists', `${m.id}@${m.version} was published a moment ago by someone else; raise the version.`);
      }
      throw err;
    }
    return reply.code(201).send({
      id: m.id,
      version: m.version,
      hash: artifact.hash,
      region: m.region,
      url: `/api/packs/${m.id}/${m.version}`,
      event,
    });
  });
}
