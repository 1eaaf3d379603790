// JSON Schemas of the registry's HTTP surface. Routes use them for validation and openapi.ts lists
// them, so the document and the behaviour come from one definition.
import { Type } from '@sinclair/typebox';

export const ErrorBody = Type.Object(
  { error: Type.Object({ code: Type.String(), message: Type.String() }) },
  { $id: 'Error', description: 'Every 4xx/5xx answer.' },
);

export const PackIdParams = Type.Object({ id: Type.String({ pattern: '^[a-z0-9_]+(\\.[a-z0-9_]+)*$', maxLength: 100 }) });

export const VersionOrRangeParams = Type.Object({
  id: Type.String({ pattern: '^[a-z0-9_]+(\\.[a-z0-9_]+)*$', maxLength: 100 }),
  versionOrRange: Type.String({ minLength: 1, maxLength: 200, description: 'an exact version, "latest", or a semver range such as ^1.0' }),
});

export const VersionParams = Type.Object({
  id: Type.String({ pattern: '^[a-z0-9_]+(\\.[a-z0-9_]+)*$', maxLength: 100 }),
  version: Type.String({ minLength: 1, maxLength: 60 }),
});

export const ReasonBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 2000, description: 'why (shown to everyone who fetches the version)' }) },
  { additionalProperties: false },
);

export const EventsQuery = Type.Object({
  after: Type.Optional(Type.Integer({ minimum: 0, description: 'only events with a larger id (paging)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
}, { additionalProperties: false }); // a misspelt filter (e.g. ?since=) must not silently return everything

const Base = Type.Union([Type.Object({ id: Type.String(), range: Type.String() }), Type.Null()]);

export const VersionInfo = Type.Object({
  version: Type.String(),
  hash: Type.String(),
  region: Type.String(),
  base: Base,
  status: Type.Union([Type.Literal('active'), Type.Literal('deprecated'), Type.Literal('yanked')]),
  reason: Type.Union([Type.String(), Type.Null()]),
  publishedBy: Type.String(),
  publishedAt: Type.String(),
  note: Type.Union([Type.String(), Type.Null()]),
});

export const PackSummary = Type.Object({
  id: Type.String(),
  title: Type.String(),
  region: Type.String(),
  latest: Type.Union([Type.String(), Type.Null()]),
  versions: Type.Integer(),
});

export const PackList = Type.Object({ packs: Type.Array(PackSummary) });

export const PackDetail = Type.Object({
  id: Type.String(),
  title: Type.String(),
  region: Type.String(),
  latest: Type.Union([Type.String(), Type.Null()]),
  versions: Type.Array(VersionInfo),
});

export const EventInfo = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actor: Type.String(),
  kind: Type.String(),
  packId: Type.Union([Type.String(), Type.Null()]),
  version: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Record(Type.String(), Type.Unknown()),
});

export const EventList = Type.Object({ events: Type.Array(EventInfo) });

export const PublishResult = Type.Object({
  id: Type.String(),
  version: Type.String(),
  hash: Type.String(),
  region: Type.String(),
  url: Type.String(),
  event: Type.Integer(),
});

export const StatusResult = Type.Object({
  id: Type.String(),
  version: Type.String(),
  status: Type.String(),
  reason: Type.String(),
  event: Type.Integer(),
});

export const AuthHeader = Type.Object({
  authorization: Type.Optional(Type.String({ description: 'Bearer <token> (see `liangku token create`)' })),
});
