// Typed parameters lifted from NHSA prose. Each extractor returns undefined when the text does not state
// the value (the importer leaves the cell empty and counts it); it never guesses a number.

/** Normalise full-width punctuation/digits so identical texts compare equal (README caveat 3). */
export function normalizeText(s: string): string {
  // NFKC also folds full-width forms and the Kangxi radicals some attachments use (⼉ U+2F09 → 儿).
  return s
    .normalize('NFKC')
    .replace(/[“”]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/\u3000/g, ' ');
}

const CN_DIGITS: Readonly<Record<string, number>> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

function cnNumber(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  if (s.length === 1) return CN_DIGITS[s];
  const m = /^([一二三四五六七八九])?十([一二三四五六七八九])?$/.exec(s);
  if (m) return (m[1] ? CN_DIGITS[m[1]]! : 1) * 10 + (m[2] ? CN_DIGITS[m[2]]! : 0);
  return undefined;
}

const NUM = '(\\d+|[一二两三四五六七八九十]{1,3})';

/** "支付不超过14天", "单次最多支付14天", "总时间不超过90天" → the day cap (smallest when several are stated). */
export function maxDays(text: string): number | undefined {
  const t = normalizeText(text);
  const re = new RegExp(`(?:不超过|不得超过|最多支付|最长支付|最多|最长)\\s*${NUM}\\s*(?:天|日)`, 'g');
  const found: number[] = [];
  for (const m of t.matchAll(re)) {
    const n = cnNumber(m[1]!);
    if (n !== undefined) found.push(n);
  }
  return found.length ? Math.min(...found) : undefined;
}

/** "评定间隔时间不短于14天" → 14. */
export function minIntervalDays(text: string): number | undefined {
  const m = new RegExp(`间隔(?:时间)?(?:不短于|不少于|不低于)\\s*${NUM}\\s*(?:天|日)`).exec(normalizeText(text));
  return m ? cnNumber(m[1]!) : undefined;
}

/** "每周最多支付一次" → { period: 'week', count: 1 }. */
export function periodCount(text: string): { period: string; count: number } | undefined {
  const m = new RegExp(`每(日|天|周|月|季度|年)(?:最多|限)?(?:支付)?${NUM}次`).exec(normalizeText(text));
  if (!m) return undefined;
  const period = { 日: 'day', 天: 'day', 周: 'week', 月: 'month', 季度: 'quarter', 年: 'year' }[m[1] as '日'];
  const count = cnNumber(m[2]!);
  return count === undefined ? undefined : { period, count };
}

const LEVEL: Readonly<Record<string, number>> = { 一: 1, 二: 2, 三: 3 };

/** "限二级及以上医疗机构" → 2; "限三级医疗机构" → 3. */
export function minHospLevel(text: string): number | undefined {
  const m = /限?([一二三])级(?:及以上|以上)?(?:医疗机构|医院|定点医疗机构)/.exec(normalizeText(text));
  return m ? LEVEL[m[1]!] : undefined;
}

/** "住院患者方予支付" / "住院方可支付" / "限住院" → inpatient; "限门诊" → outpatient. */
export function visitType(text: string): 'inpatient' | 'outpatient' | undefined {
  const t = normalizeText(text);
  // "限急诊或住院患者" names two visit types: no single value.
  if (/(门诊|急诊)或住院|住院或(门诊|急诊)/.test(t)) return undefined;
  const inp = /(住院(?:患者)?(?:方予|方可|才予|予以)?支付|限住院|住院使用|限[^，,。；;]*住院患者)/.test(t);
  const outp = /(门诊(?:患者)?(?:方予|方可)支付|限门诊)/.test(t);
  if (inp && !outp) return 'inpatient';
  if (outp && !inp) return 'outpatient';
  return undefined;
}

/**
 * Age band stated in years: "限3-12岁" → [3,12]; "1岁至14岁" → [1,14]; "12岁及以上" → [12,–];
 * "6岁以下" → [–,6] (以上/以下 include the number, the usual reading of Chinese regulations).
 * Several bands (numbered indications) → the widest span.
 */
export function ageBand(text: string): { min?: number; max?: number } {
  // Drop list markers ("限：1.1岁至14岁…；2.2岁至…") so "1." is not read as part of an age.
  const t = normalizeText(text).replace(/(^|[:;。\s])\d{1,2}\.(?=\d)/g, '$1');
  const mins: number[] = [];
  const maxs: number[] = [];
  for (const m of t.matchAll(/(?<![\d.])(\d+)\s*岁?\s*(?:-|~|～|至|到|—)\s*(\d+)\s*(?:周)?岁/g)) {
    mins.push(Number(m[1]));
    maxs.push(Number(m[2]));
  }
  const ranged = t.replace(/(?<![\d.])(\d+)\s*岁?\s*(?:-|~|～|至|到|—)\s*(\d+)\s*(?:周)?岁/g, '');
  for (const m of ranged.matchAll(/(?<![\d.])(\d+)\s*(?:周)?岁(?:及(?:\1岁)?)?以上/g)) mins.push(Number(m[1]));
  for (const m of ranged.matchAll(/(?<![\d.])(\d+)\s*(?:周)?岁(?:及)?以下/g)) maxs.push(Number(m[1]));
  return { min: mins.length ? Math.min(...mins) : undefined, max: maxs.length ? Math.max(...maxs) : undefined };
}

const MALE = ['前列腺', '阴茎', '睾丸', '阴囊', '精索', '鞘膜', '男性', '男子', '勃起', '阳痿', '早泄', '遗精', '精子', '少精', '弱精', '不育'];
const FEMALE = [
  '月经', '经期', '痛经', '闭经', '经血', '调经', '经行', '崩漏', '带下', '白带', '阴道', '宫颈', '子宫', '卵巢', '输卵管',
  '妊娠', '孕', '产后', '产妇', '分娩', '流产', '引产', '胎', '乳汁', '催乳', '下乳', '哺乳', '绝经', '外阴',
  '女性', '妇', '盆腔', '乳腺', '乳房', '乳癖', '不孕', '恶露', '阴痒', '胞宫', '冲任', '经前', '排卵', '宫寒',
];

const WEAK_FEMALE = ['更年期'];

/**
 * Restricted sex of a drug, read from its name and indication text (not a field in the data).
 * "1" male / "2" female (GB/T 2261.1); undefined when no keyword or keywords of both sexes occur.
 */
export function drugGender(name: string, text: string): { gender?: '1' | '2'; basis: string } {
  const t = normalizeText(`${name} ${text}`);
  const m = MALE.filter((k) => t.includes(k));
  const f = FEMALE.filter((k) => t.includes(k));
  // 更年期 alone reads female (更年期综合征), but "男子更年期" is male: it only counts without a male keyword.
  const weak = WEAK_FEMALE.filter((k) => t.includes(k));
  if (m.length && !f.length) return { gender: '1', basis: m.join('|') };
  if ((f.length || weak.length) && !m.length) return { gender: '2', basis: [...f, ...weak].join('|') };
  return { basis: [...m, ...f].join('|') };
}

/** "男性泌尿生殖系统相关检查" → "1"; "女性…" → "2". */
export function serviceGender(text: string): '1' | '2' | undefined {
  const t = normalizeText(text).trim();
  if (t.startsWith('男性')) return '1';
  if (t.startsWith('女性')) return '2';
  return undefined;
}

/** "新生儿专用项目" → 新生儿; "小儿专用项目" → 小儿; "儿童专用项目" → 儿童. */
export function childScope(text: string): string | undefined {
  const m = /(新生儿|婴儿|婴幼儿|小儿|儿童)/.exec(normalizeText(text));
  return m ? m[1] : undefined;
}

/** "法定就业年龄段" and similar: an age band named but not numbered (a local value is needed). */
export function namedAgeBand(text: string): string | undefined {
  const m = /(法定就业年龄段?|法定劳动年龄段?|儿童|青少年|成人|老年)/.exec(normalizeText(text));
  return m ? m[1] : undefined;
}

/** Frequency unit of 医疗服务项目限定频次 ("日", "天", "小时") → day / hour. */
export function frequencyUnit(text: string): string | undefined {
  const t = normalizeText(text).trim();
  if (t === '日' || t === '天') return 'day';
  if (t === '小时') return 'hour';
  return undefined;
}

/** Footnote exclusions: "说明：性别不清、两性畸形、染色体异常、性发育异常人群不纳入此规则范畴。" */
export function footnoteExclusions(text: string): string[] {
  const t = normalizeText(text).replace(/^说明[:：]\s*/, '');
  const m = /^(.*?)(?:人群|患者|情形)?不纳入/.exec(t);
  const body = m ? m[1]! : t;
  return body.split(/[、,，;；]/).map((s) => s.trim()).filter((s) => s.length > 0);
}
