// Every refusal leaves the registry as `{ "error": { "code", "message" } }` with a 4xx status.
// Routes throw `HttpError`; app.ts's error handler turns it (and Fastify's own errors) into that shape.

export type ErrorCode =
  | 'invalid_body'
  | 'invalid_artifact'
  | 'invalid_version'
  | 'hash_mismatch'
  | 'unknown_signing_key'
  | 'bad_signature'
  | 'missing_base'
  | 'unauthorized'
  | 'forbidden'
  | 'region_scope'
  | 'not_found'
  | 'version_exists'
  | 'region_mismatch'
  | 'already_yanked'
  | 'payload_too_large'
  | 'not_implemented'
  | 'internal';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const fail = (status: number, code: ErrorCode, message: string): never => {
  throw new HttpError(status, code, message);
};

export function errorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}
