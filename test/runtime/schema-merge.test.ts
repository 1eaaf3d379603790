// The claim schema is checked in a merged form (anyOf of bare types → one type list): it must accept
// exactly the requests the schema as written accepts.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Ajv } from 'ajv';
import { AuditRequest } from '../../runtime/schema/claim.js';
import { mergeTypeUnions } from '../../runtime/eval/request.js';

const schema = JSON.parse(JSON.stringify(AuditRequest)) as object;
const compile = (s: unknown) => new Ajv({ strict: false, allErrors: false, validateFormats: false }).compile(s as object);
const asWritten = compile(schema);
const merged = compile(mergeTypeUnions(schema));

const value = fc.oneof(
  fc.constant(null), fc.constant(undefined), fc.boolean(), fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: true }),
  fc.constantFrom('', '1', '-3', '2.50', '1e3', 'x', '2025-03-03', '2025-03-03 10:00', '2025-03-03 10:00:00', '2025-3-3', ' 7'),
  fc.array(fc.integer(), { maxLength: 2 }), fc.constant({}),
);
const FEE = ['feedetl_sn', 'fee_ocur_time', 'med_list_codg', 'cnt', 'pric', 'det_item_fee_sumamt', 'med_chrgitm_type', 'prd_days'];
const ENC = ['mdtrt_id', 'med_type', 'begntime', 'endtime', 'setl_time', 'internet_flag'];
const PAT = ['psn_no', 'gend', 'brdy', 'insu_admdvs'];
const obj = (keys: string[]) => fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: keys.length });
const request = fc.record({
  patient: fc.oneof(obj(PAT), value),
  encounter: fc.oneof(
    fc.tuple(obj(ENC), fc.array(obj(FEE), { maxLength: 3 }), fc.array(obj(['diag_code', 'maindiag_flag']), { maxLength: 2 }))
      .map(([e, feedetail, diseinfo]) => ({ ...e, feedetail, diseinfo })),
    value,
  ),
  request_id: value,
});

describe('merged claim schema', () => {
  it('accepts exactly what the schema as written accepts', () => {
    fc.assert(fc.property(request, (r) => {
      expect(merged(r)).toBe(asWritten(r));
    }), { numRuns: 2000 });
  });
  it('merges the unions of bare types, keeps everything else', () => {
    expect(mergeTypeUnions({ title: 't', anyOf: [{ type: 'number' }, { type: 'string', pattern: '^\\d+$' }, { type: 'null' }] }))
      .toEqual({ title: 't', type: ['number', 'string', 'null'], pattern: '^\\d+$' });
    const twoPatterns = { anyOf: [{ type: 'string', pattern: 'a' }, { type: 'string', pattern: 'b' }] };
    expect(mergeTypeUnions(twoPatterns)).toEqual(twoPatterns);
    const withMore = { anyOf: [{ type: 'number', minimum: 3 }, { type: 'null' }] };
    expect(mergeTypeUnions(withMore)).toEqual(withMore);
    const numberPattern = { anyOf: [{ type: 'number', pattern: 'x' }, { type: 'null' }] };
    expect(mergeTypeUnions(numberPattern)).toEqual(numberPattern);
  });
});
