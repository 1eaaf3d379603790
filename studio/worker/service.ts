// The language service: pure functions over a workspace of packs, run in a web worker (and in node
// tests). It runs the real parser and checker (`compilePack` with checkOnly) and answers with plain
// data in offsets. It knows nothing of Monaco or the DOM.
import type { Diagnostic } from '../../dsl/diagnostics/diagnostic.js';
import type { SourceFile } from '../../dsl/ast/nodes.js';
import { parse } from '../../dsl/parse/parse.js';
import { keywordWords } from '../../dsl/lex/tokens.js';
import { grades, stages, scenes, windows, lifecycleStates } from '../../dsl/ast/enums.js';
import { compilePack } from '../../compiler/compile-pack.js';
import { memorySource, type PackSource } from '../../compiler/source/pack-source.js';
import type { Env } from '../../compiler/check/env.js';
import type { Ty, Field } from '../../compiler/check/types.js';
import { builtins, aggregates } from '../../compiler/check/builtins.js';
import type { LayerIr } from '../../compiler/layer/layer-ir.js';
import type { Analysis, CompletionEntry, DiffEntry, HoverInfo, PackFiles, ParamView, RuleView, SymbolInfo, TestView } from './protocol.js';

/** The root records and their Chinese titles. */
const ROOTS: Readonly<Record<string, string>> = { patient: '参保人', encounter: '本次就诊', history: '历史就诊（列表）', request: '整个审核请求' };
const ID = /[A-Za-z0-9_\u3400-\u9fff\uf900-\ufaff]/;
const ENUMS = [grades, stages, scenes, windows, lifecycleStates];

interface Cached {
  readonly analysis: Analysis;
  readonly env: Env | undefined;
  readonly layers: readonly LayerIr[];
}

export class LanguageService {
  private packs = new Map<string, Record<string, string>>();
  private cache = new Map<string, Cached>();

  setWorkspace(packs: readonly PackFiles[]): void {
    this.packs = new Map(packs.map((p) => [p.label, { ...p.files }]));
    this.cache.clear();
  }

  /** Update one file by its full path (`rulepacks/shanxi/pack.lk`); creates it when new. */
  updateFile(path: string, text: string): void {
    let owner = this.ownerOf(path);
    if (!owner) {
      // A file outside every known pack (an embedded <lk-editor>): its directory becomes a pack.
      const label = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '.';
      this.packs.set(label, {});
      owner = { label, files: this.packs.get(label)! };
    }
    owner.files[path.slice(owner.label.length + 1)] = text;
    this.cache.clear(); // a base's change affects every pack above it
  }

  text(path: string): string | null {
    const owner = this.ownerOf(path);
    return owner ? (owner.files[path.slice(owner.label.length + 1)] ?? null) : null;
  }

  labels(): string[] {
    return [...this.packs.keys()];
  }

  /** The pack that holds a path: the longest label that prefixes it. */
  ownerOf(path: string): { label: string; files: Record<string, string> } | null {
    let best: string | null = null;
    for (const label of this.packs.keys()) if (path.startsWith(`${label}/`) && (!best || label.length > best.length)) best = label;
    return best ? { label: best, files: this.packs.get(best)! } : null;
  }

  /** The pack's id and version as declared (`pack ID VERSION`), read without a full parse. */
  header(label: string): { id: string; version: string } | null {
    const files = this.packs.get(label);
    if (!files) return null;
    for (const [p, t] of Object.entries(files)) {
      if (!p.endsWith('.lk')) continue;
      const m = /^\s*pack\s+([\w.]+)\s+(\S+)/m.exec(t);
      if (m) return { id: m[1]!, version: m[2]! };
    }
    return null;
  }

  async analyze(label: string): Promise<Analysis> {
    return (await this.compiled(label)).analysis;
  }

  private async compiled(label: string): Promise<Cached> {
    const hit = this.cache.get(label);
    if (hit) return hit;
    const t0 = now();
    const files = this.packs.get(label) ?? {};
    const chain = [label];
    const resolveBase = async (id: string): Promise<PackSource | null> => {
      for (const l of this.packs.keys()) {
        if (this.header(l)?.id === id) {
          chain.unshift(l);
          return memorySource(l, lkAndJson(this.packs.get(l)!));
        }
      }
      return null;
    };
    const r = await compilePack(memorySource(label, lkAndJson(files)), { checkOnly: true, resolveBase });
    const layers = r.value.layers;
    const h = this.header(label);
    const analysis: Analysis = {
      pack: label,
      packId: h?.id ?? null,
      version: h?.version ?? null,
      chain,
      diagnostics: [...r.diagnostics], // the compiler's check-only mode enforces layering rules too
      params: paramViews(layers, chain),
      diff: diffEntries(layers, chain),
      tests: testViews(layers, chain),
      rules: ruleViews(layers, chain),
      ms: Math.round(now() - t0),
    };
    const c: Cached = { analysis, env: r.value.env, layers };
    this.cache.set(label, c);
    return c;
  }

  async complete(path: string, offset: number): Promise<CompletionEntry[]> {
    const owner = this.ownerOf(path);
    const text = this.text(path);
    if (!owner || text === null) return [];
    const { env, analysis } = await this.compiled(owner.label);
    if (!env) return [];
    return completeAt(env, analysis, text, offset);
  }

  async hover(path: string, offset: number): Promise<HoverInfo | null> {
    const owner = this.ownerOf(path);
    const text = this.text(path);
    if (!owner || text === null) return null;
    const { env, analysis } = await this.compiled(owner.label);
    if (!env) return null;
    return hoverAt(env, analysis, text, offset);
  }

  symbols(path: string): SymbolInfo[] {
    const text = this.text(path);
    return text === null ? [] : symbolsOf(parse(text, path).value);
  }

  /** The canonical layout of a file, or null when it does not parse (never format broken code). */
  async format(path: string): Promise<string | null> {
    const text = this.text(path);
    if (text === null) return null;
    const r = parse(text, path);
    if (r.diagnostics.some((d) => d.severity === 'error')) return null;
    try {
      const mod = (await import('../../dsl/format/index.js')) as { format?: (f: SourceFile, t: string) => string };
      return mod.format ? mod.format(r.value, text) : null;
    } catch {
      return null;
    }
  }
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());
const lkAndJson = (files: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(files).filter(([p]) => p.endsWith('.lk') || p.endsWith('.json')));

// ---------------------------------------------------------------- completion

export function completeAt(env: Env, analysis: Analysis, text: string, offset: number): CompletionEntry[] {
  let start = offset;
  while (start > 0 && ID.test(text[start - 1]!)) start--;
  const span = { start, end: offset };
  if (text[start - 1] === '.' && text[start - 2] !== '.') {
    const ty = resolveChain(env, text, start - 1, offset);
    const rec = ty && recordOf(ty);
    if (!rec) return [];
    return [...rec.fields].map(([name, f]) => fieldEntry(name, f, span));
  }
  const out: CompletionEntry[] = [];
  const add = (e: Omit<CompletionEntry, 'span'>): void => void out.push({ ...e, span });
  for (const v of localNames(text, offset)) add({ label: v, kind: 'variable', detail: '局部变量', sort: '0' });
  for (const [r, title] of Object.entries(ROOTS)) add({ label: r, kind: 'root', detail: title, sort: '1' });
  for (const p of env.params.values()) add({ label: p.name, kind: 'param', detail: p.title, doc: paramDoc(analysis, p.name), sort: '2' });
  for (const v of env.values.values()) add({ label: v.name, kind: 'value', detail: v.title, doc: `${v.kind === 'indicator' ? '指标' : '计算'} · ${tyText(v.type)}`, sort: '2' });
  for (const t of env.tables.values()) add({ label: t.name, kind: 'table', detail: t.title, doc: `知识表 · 键 ${t.key.join(', ')}`, insert: `${t.name}[]`, sort: '3' });
  for (const b of builtins) add({ label: b.name, kind: 'function', detail: b.doc.zh, doc: b.doc.en, sort: '4' });
  for (const a of aggregates) add({ label: a, kind: 'function', detail: '聚合', doc: `${a}(EXPR for X in SRC where COND)`, sort: '4' });
  for (const r of analysis.rules) add({ label: r.code, kind: 'rule', detail: r.name, doc: `规则 · ${r.layer}`, sort: '6' });
  for (const s of env.scenarios) add({ label: s, kind: 'scenario', detail: '场景', sort: '6' });
  for (const e of ENUMS) for (const v of e.values) add({ label: v.value, kind: 'enum', detail: `${v.zh}（${e.what.zh}）`, sort: '7' });
  for (const k of keywordWords) add({ label: k, kind: 'keyword', detail: '关键字', sort: '5' });
  const seen = new Set<string>();
  return out.filter((e) => (seen.has(`${e.kind}:${e.label}`) ? false : (seen.add(`${e.kind}:${e.label}`), true)));
}

function fieldEntry(name: string, f: Field, span: { start: number; end: number }): CompletionEntry {
  return { label: name, kind: 'field', detail: f.title, doc: fieldDoc(name, f), span, sort: '0' };
}

function fieldDoc(name: string, f: Field): string {
  const lines = [`**${name}** ${f.title}`, `类型 type: \`${tyText(f.type)}\``];
  if (f.origin) lines.push(`来源 origin: ${f.origin}`);
  if (f.values) lines.push(`取值 values: ${Object.entries(f.values).slice(0, 12).map(([k, v]) => `\`${k}\` ${v}`).join('；')}`);
  return lines.join('\n\n');
}

// ---------------------------------------------------------------- hover

export function hoverAt(env: Env, analysis: Analysis, text: string, offset: number): HoverInfo | null {
  let start = offset;
  let end = offset;
  while (start > 0 && ID.test(text[start - 1]!)) start--;
  while (end < text.length && ID.test(text[end]!)) end++;
  if (start === end) return null;
  const word = text.slice(start, end);
  const span = { start, end };
  if (text[start - 1] === '.') {
    const ty = resolveChain(env, text, start - 1, start);
    const f = ty && recordOf(ty)?.fields.get(word);
    return f ? { span, markdown: [fieldDoc(word, f)] } : null;
  }
  const p = env.params.get(word);
  if (p) return { span, markdown: [`**${p.name}** ${p.title}`, paramDoc(analysis, p.name)] };
  const v = env.values.get(word);
  if (v) return { span, markdown: [`**${v.name}** ${v.title}`, `${v.kind === 'indicator' ? '指标 indicator' : '计算 compute'} · \`${tyText(v.type)}\``] };
  const t = env.tables.get(word);
  if (t)
    return { span, markdown: [`**${t.name}** ${t.title}`, `知识表 knowledge · 键 key: ${t.key.join(', ')} · 层 ${t.layer}`, [...t.row.fields].map(([c, f]) => `\`${c}\` ${f.title}`).join('；')] };
  const b = builtins.find((x) => x.name === word);
  if (b && text[end] === '(') return { span, markdown: [`**${b.name}**(${b.params.join(', ')})`, `${b.doc.zh}`, b.doc.en] };
  if (ROOTS[word]) return { span, markdown: [`**${word}** ${ROOTS[word]}`] };
  const r = analysis.rules.find((x) => x.code === word);
  if (r) return { span, markdown: [`**${r.code}** ${r.name}`, `规则 rule · ${r.layer}`] };
  const local = bindingType(env, text, word, start, 0);
  if (local) return { span, markdown: [`**${word}** 局部变量 · \`${tyText(local)}\``] };
  return null;
}

export function paramDoc(analysis: Analysis, name: string): string {
  const p = analysis.params.find((x) => x.name === name);
  if (!p) return '';
  const lines = [`类型 \`${p.type}\` · 生效值 effective: **${show(p.effective)}**${p.unit ? ` ${p.unit}` : ''}`];
  if (p.range) lines.push(`范围 range: ${show(p.range.lo)} .. ${show(p.range.hi)}`);
  for (const h of p.history) lines.push(`${h.action === 'declare' ? '声明' : '设置'}于 ${h.layer}: ${show(h.value)}${h.reason ? ` — ${h.reason}` : ''}`);
  if (p.locked) lines.push('🔒 已锁定 locked');
  return lines.join('\n\n');
}

const show = (v: unknown): string => (v === null || v === undefined ? 'none' : Array.isArray(v) ? `{${v.join(', ')}}` : String(v));

// ---------------------------------------------------------------- resolving `a.b[c].d` before a dot

/** The type of the expression that ends just before `dot` (a chain of names, calls to tables, indexes). */
export function resolveChain(env: Env, text: string, dot: number, offset: number, depth = 0, scope = text): Ty | null {
  const segs = chainBefore(text, dot);
  if (!segs.length || depth > 6) return null;
  const [head, ...rest] = segs;
  let ty = headType(env, scope, head!.name, head!.indexed, offset, depth);
  for (const s of rest) {
    if (!ty) return null;
    const rec = recordOf(ty);
    const f = rec?.fields.get(s.name);
    if (!f) return null;
    ty = s.indexed ? elementOf(f.type) : f.type;
  }
  return ty;
}

interface Seg {
  readonly name: string;
  readonly indexed: boolean;
}

function chainBefore(text: string, dot: number): Seg[] {
  const segs: Seg[] = [];
  let i = dot;
  for (;;) {
    let indexed = false;
    let j = i;
    if (text[j - 1] === ']') {
      // skip a balanced [...]
      let depth = 0;
      j--;
      while (j >= 0) {
        if (text[j] === ']') depth++;
        else if (text[j] === '[' && --depth === 0) break;
        j--;
      }
      if (j < 0) return [];
      indexed = true;
    }
    let s = j;
    while (s > 0 && ID.test(text[s - 1]!)) s--;
    if (s === j) return [];
    segs.unshift({ name: text.slice(s, j), indexed });
    if (text[s - 1] === '.' && text[s - 2] !== '.') i = s - 1;
    else return segs;
  }
}

function headType(env: Env, text: string, name: string, indexed: boolean, offset: number, depth: number): Ty | null {
  let ty: Ty | null = null;
  if (name === 'patient' || name === 'encounter' || name === 'request') ty = recordTy(env, name);
  else if (name === 'history') ty = { k: 'list', el: recordTy(env, 'encounter')!, opt: false };
  else if (env.tables.has(name)) return indexed ? { ...env.tables.get(name)!.row, opt: true } : null;
  else if (env.values.has(name)) ty = env.values.get(name)!.type;
  else ty = bindingType(env, text, name, offset, depth);
  if (ty && indexed) ty = elementOf(ty);
  return ty;
}

const recordTy = (env: Env, name: string): Ty | null => {
  const fields = env.records.get(name);
  return fields ? { k: 'record', name, fields, opt: false } : null;
};

/** The type of a `for NAME in SRC` / `let NAME = EXPR` binding written before `offset` (the last one wins). */
function bindingType(env: Env, text: string, name: string, offset: number, depth: number): Ty | null {
  // Comprehensions bind after use (`sum(l.x for l in lines)`): also look to the end of the line.
  const eol = text.indexOf('\n', offset);
  const before = text.slice(0, eol < 0 ? text.length : eol);
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(?:\\bfor\\s+${esc}\\s+in\\s+|\\blet\\s+${esc}\\s*=\\s*)([^\\n]*)`, 'g');
  let last: RegExpExecArray | null = null;
  for (let m = re.exec(before); m; m = re.exec(before)) last = m;
  if (!last) return null;
  const isFor = last[0].startsWith('for');
  const src = last[1]!;
  // Resolve the leading chain of the bound expression, with a fake dot after it.
  const m = /^[A-Za-z0-9_\u3400-\u9fff\uf900-\ufaff.[\]" ]*?(?=$|\s(?:where|by|for|then|and|or)\b|[)\s])/.exec(src.trim());
  let expr = (m ? m[0] : src).trim();
  let listOf = false;
  // `list(x for x in SRC …)`, `first(… for x in SRC …)` → elements of SRC
  const agg = /^(list|first|distinct)\(\s*([A-Za-z0-9_\u3400-\u9fff]+)\s+for\s+\2\s+in\s+([^\s)]+)/.exec(src.trim());
  if (agg) {
    expr = agg[3]!;
    listOf = agg[1] !== 'first';
  }
  const fake = `${expr}.`;
  const ty = resolveChain(env, fake, fake.length - 1, last.index, depth + 1, text);
  if (!ty) return null;
  if (agg) return listOf ? { k: 'list', el: elementOf(ty) ?? ty, opt: false } : elementOf(ty);
  return isFor ? elementOf(ty) : ty;
}

function localNames(text: string, offset: number): string[] {
  const before = text.slice(Math.max(0, offset - 4000), offset);
  const out = new Set<string>();
  for (const m of before.matchAll(/\b(?:for|let)\s+([A-Za-z_\u3400-\u9fff][A-Za-z0-9_\u3400-\u9fff]*)/g)) out.add(m[1]!);
  return [...out];
}

const elementOf = (t: Ty): Ty | null => (t.k === 'list' || t.k === 'set' ? t.el : null);
const recordOf = (t: Ty): (Ty & { k: 'record' }) | null => (t.k === 'record' ? t : t.k === 'list' ? recordOf(t.el) : null);

export function tyText(t: Ty): string {
  switch (t.k) {
    case 'prim':
      return `${t.p}${t.opt ? '?' : ''}`;
    case 'num':
      return t.dec ? 'decimal' : 'int';
    case 'str':
      return 'text';
    case 'list':
      return `list<${tyText(t.el)}>`;
    case 'set':
      return `set<${tyText(t.el)}>`;
    case 'record':
      return `${t.name}${t.opt ? '?' : ''}`;
    case 'none':
      return 'none';
    default:
      return '?';
  }
}

// ---------------------------------------------------------------- symbols

export function symbolsOf(file: SourceFile): SymbolInfo[] {
  const out: SymbolInfo[] = [];
  for (const d of file.decls) {
    const any = d as unknown as { kind: string; span: { start: number; end: number }; name?: { text?: string; value?: string; span: { start: number; end: number } }; code?: { text: string; span: { start: number; end: number } }; param?: { text: string; span: { start: number; end: number } }; title?: { value: string } | null };
    const path = (any as unknown as { path?: readonly { text: string }[] | { text: string } }).path;
    const pathName = Array.isArray(path) ? path.map((x) => x.text).join('.') : (path as { text?: string } | undefined)?.text;
    const n = any.code ?? any.param ?? any.name ?? (any as unknown as { table?: { text: string; span: { start: number; end: number } } }).table;
    const name = pathName ?? (n ? ((n as { text?: string }).text ?? (n as { value?: string }).value ?? any.kind) : any.kind);
    const detail = any.title?.value ?? ((any as unknown as { name?: { value?: string } }).name?.value && any.code ? (any as unknown as { name: { value: string } }).name.value : '');
    const kind = SYMBOL_KIND[any.kind] ?? 'other';
    out.push({ name, detail: detail || kindZh[kind], kind, span: any.span, selection: n?.span ?? any.span });
  }
  return out;
}

const SYMBOL_KIND: Record<string, SymbolInfo['kind']> = {
  PackDecl: 'pack', InputDecl: 'input', KnowledgeDecl: 'knowledge', ParamDecl: 'param', IndicatorDecl: 'indicator', RuleDecl: 'rule',
  ComputeDecl: 'compute', ScenarioDecl: 'scenario', TestDecl: 'test', SetChange: 'change', DisableChange: 'change', RegradeChange: 'change',
  RestageChange: 'change', StateChange: 'change', KnowledgeRowsChange: 'change', LockChange: 'change',
};
const kindZh: Record<SymbolInfo['kind'], string> = {
  pack: '包', input: '输入', knowledge: '知识表', param: '参数', indicator: '指标', rule: '规则', compute: '计算', scenario: '场景', test: '测试', change: '变更', other: '',
};

// ---------------------------------------------------------------- layering checks under checkOnly

/**
 * `checkOnly` stops before layering (which loads knowledge rows the browser does not have), so the
 * layer rules about `set` — locked parameter, missing reason, value outside the base's bounds — are
 * applied here with the same codes and words as compiler/layer/effective-pack.ts.
 */
// ---------------------------------------------------------------- views over the layers

function fileOf(label: string, files: readonly string[], i: number): string {
  return `${label}/${files[i] ?? files[0] ?? ''}`;
}

export function paramViews(layers: readonly LayerIr[], chain: readonly string[]): ParamView[] {
  const out = new Map<string, { view: ParamView; history: ParamView['history'][number][] }>();
  layers.forEach((l, li) => {
    const label = chain[li] ?? l.pack.id;
    for (const p of l.params) {
      const prov = p.provenance[0];
      const history = [{ layer: `${l.pack.id}@${l.pack.version}`, action: 'declare' as const, value: p.value, reason: null, file: `${label}/${prov?.file ?? l.files[0] ?? ''}`, start: prov?.span?.start ?? 0 }];
      out.set(p.name, {
        view: { name: p.name, title: p.title, type: p.type, unit: p.unit, range: p.range, locked: p.locked, effective: p.value, declaredIn: `${l.pack.id}@${l.pack.version}`, history },
        history,
      });
    }
    for (const c of l.changes) {
      if (c.kind === 'set') {
        const e = out.get(c.param);
        if (!e) continue;
        e.history.push({ layer: `${l.pack.id}@${l.pack.version}`, action: 'set', value: c.value, reason: c.origin.reason, file: `${label}/${c.origin.file}`, start: c.origin.span.start });
        e.view = { ...e.view, effective: c.value };
      } else if (c.kind === 'lock' && c.target === 'param') {
        const e = out.get(c.name);
        if (e) e.view = { ...e.view, locked: true };
      }
    }
  });
  return [...out.values()].map((e) => ({ ...e.view, history: e.history }));
}

export function diffEntries(layers: readonly LayerIr[], chain: readonly string[]): DiffEntry[] {
  if (layers.length < 2) return [];
  const top = layers[layers.length - 1]!;
  const label = chain[chain.length - 1] ?? top.pack.id;
  const base = paramViews(layers.slice(0, -1), chain.slice(0, -1));
  const baseRules = new Map(layers.slice(0, -1).flatMap((l) => l.rules.map((r) => [r.code, r] as const)));
  const out: DiffEntry[] = [];
  for (const c of top.changes) {
    const at = { reason: c.origin.reason, file: `${label}/${c.origin.file}`, start: c.origin.span.start };
    if (c.kind === 'set') out.push({ kind: 'set', target: c.param, before: show(base.find((p) => p.name === c.param)?.effective), after: show(c.value), ...at });
    else if (c.kind === 'disable') out.push({ kind: 'disable', target: c.code, before: baseRules.get(c.code)?.state ?? null, after: 'retired', ...at });
    else if (c.kind === 'regrade') out.push({ kind: 'regrade', target: c.code, before: baseRules.get(c.code)?.result ?? null, after: `${c.to}${c.stages.length ? ` (${c.stages.join(', ')})` : ''}`, ...at });
    else if (c.kind === 'restage') out.push({ kind: 'restage', target: c.code, before: baseRules.get(c.code)?.stages.join(', ') ?? null, after: [c.stages?.join(', '), c.scenes?.join(', ')].filter(Boolean).join(' / '), ...at });
    else if (c.kind === 'state') out.push({ kind: 'state', target: c.code, before: baseRules.get(c.code)?.state ?? null, after: c.to, ...at });
    else if (c.kind === 'rows') out.push({ kind: 'rows', target: c.table, before: null, after: `${c.mode} ${c.source}`, ...at });
    else out.push({ kind: 'lock', target: c.name, before: null, after: `lock ${c.target}${c.columns.length ? ` (${c.columns.join(', ')})` : ''}`, ...at });
  }
  for (const r of top.rules) out.push({ kind: 'add-rule', target: r.code, before: null, after: r.name, reason: null, file: fileOf(label, top.files, r.span.file), start: r.span.start });
  for (const p of top.params) out.push({ kind: 'add-param', target: p.name, before: null, after: show(p.value), reason: p.title, file: `${label}/${p.provenance[0]?.file ?? top.files[0] ?? ''}`, start: p.provenance[0]?.span?.start ?? 0 });
  return out;
}

function testViews(layers: readonly LayerIr[], chain: readonly string[]): TestView[] {
  const top = layers[layers.length - 1];
  if (!top) return [];
  const label = chain[chain.length - 1] ?? top.pack.id;
  return top.tests.map((t) => ({ name: t.name, file: `${label}/${t.file}`, start: t.span.start, request: t.request, expects: t.expects.length, lowered: t }));
}

function ruleViews(layers: readonly LayerIr[], chain: readonly string[]): RuleView[] {
  return layers.flatMap((l, i) => l.rules.map((r) => ({ code: r.code, name: r.name, layer: `${l.pack.id}@${l.pack.version}`, file: fileOf(chain[i] ?? l.pack.id, l.files, r.span.file), start: r.span.start })));
}

export type { Diagnostic };
