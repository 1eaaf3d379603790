// Text of a scalar from outside (request JSON, API callers). Objects (even ones without a
// prototype, which String() cannot print) give ''.
export function textOf(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? String(v) : '';
}
