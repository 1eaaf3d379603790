// The fee-line fields a pack declares (its claim schema: the standard fields plus its own `input
// encounter.feedetail.x` declarations). The checker refuses a rule that reads any other field, so the
// 3101 mapping carries over only these from the platform's orders instead of all ~40 vendor fields.
import type { Artifact } from '../../runtime/index.js';

type Json = Record<string, unknown>;
const isObj = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const at = (x: unknown, ...path: string[]): unknown => path.reduce<unknown>((o, k) => (isObj(o) ? o[k] : undefined), x);

const cache = new WeakMap<object, ReadonlySet<string> | null>();

/** Fee-line field names of the artifact's claim schema (encounter and history), or undefined when it has none to read. */
export function feeLineFields(a: Artifact): ReadonlySet<string> | undefined {
  let fields = cache.get(a);
  if (fields === undefined) {
    const current = at(a.claimSchema, 'properties', 'encounter', 'properties', 'feedetail', 'items', 'properties');
    const earlier = at(a.claimSchema, 'properties', 'history', 'items', 'properties', 'feedetail', 'items', 'properties');
    // A schema that does not spell out the fee line (none at all, or another shape): keep every field.
    fields = isObj(current) ? new Set([...Object.keys(current), ...(isObj(earlier) ? Object.keys(earlier) : [])]) : null;
    cache.set(a, fields);
  }
  return fields ?? undefined;
}
