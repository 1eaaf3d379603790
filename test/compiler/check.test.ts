// The checker: names, fields, types and units, none-safety, parameters — and one mistake is
// reported once (poisoned nodes do not cascade). Tests point at the underlined text.
import { describe, expect, it } from 'vitest';
import { codes, compileFiles, errors, HEAD } from './helpers.js';

async function check(body: string) {
  const text = `${HEAD}${body}\n`;
  const r = await compileFiles({ 'pack.lk': text }, { checkOnly: true });
  const at = (code?: string) => r.diagnostics.filter((d) => !code || d.code === code).map((d) => text.slice(d.span.start, d.span.end));
  return { r, text, ds: r.diagnostics, at };
}
const rule = (steps: string, flag = 'flag encounter') => `rule R1 "示例" {\n  result reminder\n  ${steps}\n  ${flag}\n}`;

describe('names and fields', () => {
  it('an unknown field underlines exactly the field and offers did-you-mean as a fix', async () => {
    const { ds, at } = await check(rule('for line in encounter.feedetail\n  when line.med_list_code == "X"', 'flag line'));
    expect(codes(ds)).toEqual(['check/unknown-field']);
    expect(at()).toEqual(['med_list_code']);
    expect(ds[0]!.message.zh).toContain('med_list_codg');
    expect(ds[0]!.message.en).toContain('did you mean `med_list_codg`');
    const fix = ds[0]!.fixes?.[0];
    expect(fix?.edits).toHaveLength(1);
    expect(fix?.edits[0]?.text).toBe('med_list_codg');
    expect(fix?.edits[0]?.span).toEqual(ds[0]!.span);
  });

  it('an unknown name suggests the closest name in scope (variables, roots, params)', async () => {
    const { ds, at } = await check(`param readmit_days: days = 15\n${rule('when encountr.med_type == "21" and days(encounter.begntime, encounter.endtime) > readmit_dayz')}`);
    expect(codes(ds)).toEqual(['check/unknown-name', 'check/unknown-name']);
    expect(at()).toEqual(['encountr', 'readmit_dayz']);
    expect(ds.map((d) => d.fixes?.[0]?.edits[0]?.text)).toEqual(['encounter', 'readmit_days']);
  });

  it('a `let` variable is in scope for later steps only', async () => {
    const ok = await check(rule('let total = sum(l.det_item_fee_sumamt for l in encounter.feedetail)\n  when total > 100'));
    expect(ok.ds).toEqual([]);
    const bad = await check(rule('when total > 100\n  let total = 1'));
    expect(bad.at('check/unknown-name')).toEqual(['total']);
  });

  it('comprehension binders do not leak', async () => {
    const { at } = await check(rule('when sum(l.det_item_fee_sumamt for l in encounter.feedetail) > 0 and l.cnt > 1'));
    expect(at('check/unknown-name')).toEqual(['l']);
  });

  it('Chinese identifiers work as variables', async () => {
    const { ds } = await check(rule('let 乙类金额 = sum(l.det_item_fee_sumamt for l in encounter.feedetail where l.chrgitm_lv == "02")\n  when 乙类金额 > 100'));
    expect(ds).toEqual([]);
  });
});

describe('types and units', () => {
  it('money compared with days is a unit mismatch at the comparison', async () => {
    const { ds, at } = await check(`param readmit_days: days = 15\n${rule('for l in encounter.feedetail\n  when l.det_item_fee_sumamt > readmit_days', 'flag l')}`);
    expect(codes(ds)).toEqual(['check/unit-mismatch']);
    expect(at()).toEqual(['l.det_item_fee_sumamt > readmit_days']);
    expect(ds[0]!.message.en).toContain('money');
    expect(ds[0]!.message.en).toContain('days');
  });

  it('money + days is a unit mismatch; money × ratio is money; literals adapt', async () => {
    const bad = await check(`param d: days = 3\nparam ratio: decimal = 55%\n${rule('for l in encounter.feedetail\n  when l.det_item_fee_sumamt + d > 0', 'flag l')}`);
    expect(bad.at('check/unit-mismatch')).toEqual(['l.det_item_fee_sumamt + d']);
    const ok = await check(`param ratio: decimal = 55%\nparam deductible: money = 80\n${rule('for l in encounter.feedetail\n  when max(l.det_item_fee_sumamt - deductible, 0) * ratio > 10.5', 'flag l')}`);
    expect(ok.ds).toEqual([]);
  });

  it('days ± days is days; date + days is a date; days(a, b) compares with a days parameter', async () => {
    const { ds } = await check(`param w: days = 15\n${rule('for p in history\n  when days(p.endtime, encounter.begntime) in 0 .. w and days(p.endtime, encounter.begntime) + 1 <= w + w')}`);
    expect(ds).toEqual([]);
  });

  it('a code compared with a number is a type mismatch', async () => {
    const { at } = await check(rule('when encounter.med_type == 21'));
    expect(at('check/type-mismatch')).toEqual(['encounter.med_type == 21']);
  });

  it('a declared money value given days is a unit mismatch', async () => {
    const { ds, at } = await check('indicator i "指标": money = days(encounter.begntime, encounter.endtime) ?? 0');
    expect(codes(ds)).toEqual(['check/unit-mismatch']);
    expect(at()).toEqual(['days(encounter.begntime, encounter.endtime) ?? 0']);
  });

  it('a condition must be true/false', async () => {
    const { at } = await check(rule('when encounter.med_type'));
    expect(at('check/not-boolean')).toEqual(['encounter.med_type']);
  });

  it('built-in arity and argument kinds', async () => {
    const { ds, at } = await check(rule('when days(encounter.begntime) > 0 and icd3(3) == "E11"'));
    expect(codes(ds)).toEqual(['check/arity', 'check/type-mismatch']);
    expect(at()).toEqual(['days(encounter.begntime)', '3']);
  });
});

describe('none-safety', () => {
  it('a computation is optional where it is used: a non-optional declaration needs ??', async () => {
    const base = 'compute pay "支付": money {\n  value 10\n}\n';
    const bad = await check(`${base}compute pay2 "二次": money {\n  value pay * 2\n}`);
    expect(codes(bad.ds)).toEqual(['check/maybe-none']);
    expect(bad.at()).toEqual(['pay * 2']);
    expect(bad.ds[0]!.message.en).toContain('?? default');
    const ok = await check(`${base}compute pay2 "二次": money {\n  value (pay ?? 0) * 2\n}`);
    expect(ok.ds).toEqual([]);
    const optional = await check(`${base}compute pay2 "二次": money? {\n  value pay\n}`);
    expect(optional.ds).toEqual([]);
  });

  it('optional fields propagate through arithmetic and are fine in comparisons', async () => {
    const { ds } = await check(rule('when encounter.setlinfo.hifp_pay != none and encounter.setlinfo.hifp_pay * 2 > 100'));
    expect(ds).toEqual([]);
    const bad = await check('indicator paid "统筹": money = encounter.setlinfo.hifp_pay');
    expect(bad.at('check/maybe-none')).toEqual(['encounter.setlinfo.hifp_pay']);
  });

  it('?? on a value that is never none is a warning, not an error', async () => {
    const { ds, at } = await check(rule('for l in encounter.feedetail\n  when (l.det_item_fee_sumamt ?? 0) > 1', 'flag l'));
    expect(codes(ds)).toEqual(['check/needless-coalesce']);
    expect(ds[0]!.severity).toBe('warning');
    expect(at()).toEqual(['l.det_item_fee_sumamt']);
  });
});

describe('parameters', () => {
  it('a default outside the range underlines the default', async () => {
    const { ds, at } = await check('param readmit_days "再入院间隔": days = 40 range 7 .. 31');
    expect(codes(ds)).toEqual(['check/param-out-of-range']);
    expect(at()).toEqual(['40']);
  });
  it('bounds in the wrong order, non-numeric ranges, non-constant defaults', async () => {
    expect((await check('param p: int = 5 range 10 .. 1')).at('check/bad-range')).toEqual(['10']);
    expect((await check('param p: code = "2" range "1" .. "3"')).at('check/range-not-numeric')).toEqual(['"1"']);
    expect((await check('param p: money = 1 + 2')).at('check/not-constant')).toEqual(['1 + 2']);
  });
  it('percent defaults are exact decimals within percent ranges', async () => {
    const r = await compileFiles({ 'pack.lk': `${HEAD}param r: decimal = 55% range 0% .. 100%\n` });
    expect(errors(r.diagnostics)).toEqual([]);
    expect(r.value.artifact?.params.find((p) => p.name === 'r')).toMatchObject({ value: '0.55', range: { lo: '0', hi: '1' } });
  });
});

describe('poisoned nodes do not cascade', () => {
  it('one unknown name used many times in one expression → one diagnostic per use, nothing else', async () => {
    const { ds } = await check(rule('when foo.bar > 1 and foo.baz == "x"'));
    expect(codes(ds)).toEqual(['check/unknown-name', 'check/unknown-name']);
  });
  it('one unknown name bound by let → exactly one diagnostic however the variable is used', async () => {
    const { ds, at } = await check(rule('let k = drug_limt[encounter.med_type]\n  when k.gender != none and k.age_max > 3 and k.name == "x"\n  let z = k.price * 2\n  when z > 1'));
    expect(codes(ds)).toEqual(['check/unknown-name']);
    expect(at()).toEqual(['drug_limt']);
  });
  it('an unknown source collection poisons the loop variable silently', async () => {
    const { ds } = await check(rule('for l in encounter.feedetial\n  when l.det_item_fee_sumamt > 0 and l.whatever == "1"', 'flag l'));
    expect(codes(ds)).toEqual(['check/unknown-field']);
  });
  it('an unknown type poisons the declaration silently', async () => {
    const { ds } = await check('param p: mony = 300\nindicator i: mony = 3\ncompute c: mony {\n  value 1\n}');
    expect(codes(ds)).toEqual(['check/unknown-type', 'check/unknown-type', 'check/unknown-type']);
  });
  // BUG (compiler/check/check-layer.ts `param`): with an unknown type the range check still runs and
  // `isNumeric(ERROR)` is false, so `param p: mony = 300 range 0 .. 500` also reports
  // check/range-not-numeric — a cascade from the poisoned type. Expected: only check/unknown-type.
  it('fixed: an unknown type with a range does not also report range-not-numeric', async () => {
    const { ds } = await check('param p: mony = 300 range 0 .. 500');
    expect(codes(ds)).toEqual(['check/unknown-type']);
  });
});
