// What a layer's code can see: the claim records (extended by every layer's `input` declarations),
// parameters, knowledge tables, indicators, computations, rule codes and scenarios — its bases'
// and its own. Built bottom-up along the extends chain.
import type { TSchema } from '@sinclair/typebox';
import { Patient, Encounter } from '../../runtime/schema/claim.js';
import type { LkPrim } from '../../runtime/schema/claim.js';
import { prim, type Field, type Ty } from './types.js';

export interface ParamSym {
  readonly name: string;
  readonly type: Ty;
  readonly title: string;
  readonly layer: string;
  readonly locked: boolean;
  readonly range: { readonly lo: string | number; readonly hi: string | number } | null;
}
export interface TableSym {
  readonly name: string;
  readonly title: string;
  readonly row: Ty & { k: 'record' };
  readonly key: readonly string[];
  readonly layer: string;
  readonly lockedColumns: ReadonlySet<string>;
  readonly lockedAll: boolean;
}
export interface ValueSym {
  readonly name: string;
  readonly type: Ty;
  readonly title: string;
  readonly kind: 'indicator' | 'compute';
  readonly batch: boolean;
  /** Batch indicators: the record of one group ({keys…, value, items, count}), once checked. */
  readonly group?: Ty & { k: 'record' };
  readonly keys?: readonly string[];
}

export interface Env {
  /** Mutable record field maps, so `input` declarations can extend them. */
  readonly records: Map<string, Map<string, Field>>;
  readonly params: Map<string, ParamSym>;
  readonly tables: Map<string, TableSym>;
  readonly values: Map<string, ValueSym>;
  readonly rules: Map<string, { readonly layer: string; readonly locked: boolean }>;
  readonly scenarios: Set<string>;
}

/** Record names used in types: the claim's nested records get stable names. */
export const RECORD_OF_PATH: Readonly<Record<string, string>> = {
  patient: 'patient',
  encounter: 'encounter',
  'encounter.feedetail': 'feeline',
  'encounter.diseinfo': 'diag',
  'encounter.oprninfo': 'oprn',
  'encounter.setlinfo': 'setlinfo',
};

export function recordTy(env: Env, name: string, opt = false): Ty & { k: 'record' } {
  let fields = env.records.get(name);
  if (!fields) {
    fields = new Map();
    env.records.set(name, fields);
  }
  return { k: 'record', name, fields, opt };
}

/** A fresh environment holding the claim schema. */
export function claimEnv(): Env {
  const env: Env = { records: new Map(), params: new Map(), tables: new Map(), values: new Map(), rules: new Map(), scenarios: new Set() };
  fromSchema(env, 'patient', Patient);
  fromSchema(env, 'encounter', Encounter);
  // history elements share the encounter record (mdtrt_id is optional there)
  const request = env.records.get('request') ?? new Map<string, Field>();
  env.records.set('request', request);
  request.set('request_id', { type: prim('code', true), title: '请求ID', origin: 'claim schema' });
  request.set('patient', { type: recordTy(env, 'patient'), title: '参保人', origin: 'claim schema' });
  request.set('encounter', { type: recordTy(env, 'encounter'), title: '就诊信息', origin: 'claim schema' });
  request.set('history', { type: { k: 'list', el: recordTy(env, 'encounter'), opt: false }, title: '历史就诊', origin: 'claim schema' });
  return env;
}

function fromSchema(env: Env, name: string, schema: TSchema): void {
  const fields = recordTy(env, name).fields as Map<string, Field>;
  const props = (schema as { properties?: Record<string, TSchema> }).properties ?? {};
  const required = new Set((schema as { required?: string[] }).required ?? []);
  for (const [key, s] of Object.entries(props)) {
    const opt = !required.has(key);
    const title = (s as { title?: string }).title ?? key;
    const lk = (s as { lk?: LkPrim }).lk;
    const values = (s as { lkValues?: Record<string, string> }).lkValues;
    if (lk) {
      fields.set(key, { type: prim(lk, opt), title, origin: 'claim schema', ...(values ? { values } : {}) });
    } else if ((s as { type?: string }).type === 'array') {
      const childName = RECORD_OF_PATH[`${name}.${key}`] ?? `${name}_${key}`;
      fromSchema(env, childName, (s as unknown as { items: TSchema }).items);
      // Absent lists are read as empty lists, so a list field is never optional to the checker.
      fields.set(key, { type: { k: 'list', el: recordTy(env, childName), opt: false }, title, origin: 'claim schema' });
    } else {
      const childName = RECORD_OF_PATH[`${name}.${key}`] ?? `${name}_${key}`;
      fromSchema(env, childName, s);
      fields.set(key, { type: recordTy(env, childName, opt), title, origin: 'claim schema' });
    }
  }
}

/** Copy an environment so a layer can extend it without touching its base's view. */
export function extendEnv(base: Env): Env {
  const records = new Map<string, Map<string, Field>>();
  for (const [k, v] of base.records) records.set(k, new Map(v));
  // Record types hold references to field maps; rebuild them so they point at the copies.
  for (const fields of records.values()) {
    for (const [k, f] of fields) fields.set(k, { ...f, type: relink(f.type, records) });
  }
  return {
    records,
    params: new Map(base.params),
    tables: new Map(base.tables),
    values: new Map(base.values),
    rules: new Map(base.rules),
    scenarios: new Set(base.scenarios),
  };
}

function relink(t: Ty, records: Map<string, Map<string, Field>>): Ty {
  if (t.k === 'record') return { ...t, fields: records.get(t.name) ?? t.fields };
  if (t.k === 'list' || t.k === 'set') return { ...t, el: relink(t.el, records) };
  return t;
}
