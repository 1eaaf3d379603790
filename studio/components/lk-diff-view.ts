// <lk-diff-view>: the version diff of the pack as served — this version's published artifact against
// its base's (the manifest's `extends` id and range, both fetched with GET /api/packs/:id/:version),
// compared in the page with the compiler's own `diffArtifacts`: rules changed (field old → new, the
// layer and its reason), parameters (old → new, layer, reason), knowledge tables (+added −removed
// ~changed with sample keys) and other changes (inputs, computations, indicators, scenarios).
// Given a claims file, both versions evaluate it on the server and the findings that appear or
// disappear are listed per rule with their money (claims-delta.ts). Light DOM.
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { ServerPanel } from './server-panel.js';
import type { Locale } from '../i18n.js';
import { diffArtifacts, type ArtifactDiff, type RuleChange } from '../../compiler/diff/diff-artifacts.js';
import { evalBatchOnServer, fetchArtifact, type Artifact } from './server-api.js';
import { showValue } from './findings-view.js';
import { claimsDelta, parseClaims, type ClaimsDelta, type MovedFinding } from './claims-delta.js';

/** Rule fields whose old/new values are expressions or step lists: named, not printed. */
const BULKY = new Set(['steps', 'flag', 'involve', 'amount', 'message', 'excludes', 'needs', 'window']);

interface Loaded {
  readonly base: Artifact;
  readonly pack: Artifact;
  readonly diff: ArtifactDiff;
}
interface ClaimsState {
  readonly file: string;
  readonly busy: boolean;
  readonly errors: readonly string[];
  readonly delta: ClaimsDelta | null;
}

const yuan = (n: number): string => n.toFixed(2);
const shown = (v: unknown): string => (v === undefined ? '—' : showValue(v));

export class LkDiffView extends ServerPanel {
  static override properties = {
    ...ServerPanel.properties,
    loaded: { state: true },
    error: { state: true },
    noBase: { state: true },
    claims: { state: true },
  };

  declare loaded: Loaded | null;
  declare error: string | null;
  declare noBase: boolean;
  declare claims: ClaimsState | null;
  private loadedFor = '';

  constructor() {
    super();
    this.loaded = null;
    this.error = null;
    this.noBase = false;
    this.claims = null;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private get zh(): boolean {
    return this.locale !== 'en';
  }

  override willUpdate(): void {
    const key = `${this.registry}|${this.packId}@${this.version}`;
    if (this.server && this.packId && this.version && key !== this.loadedFor) {
      this.loadedFor = key;
      this.loaded = null;
      this.error = null;
      this.noBase = false;
      this.claims = null;
      void this.load(key, this.packId, this.version);
    }
  }

  private async load(key: string, id: string, version: string): Promise<void> {
    const zh = this.zh;
    const pack = await fetchArtifact(this.registry, id, version);
    if (key !== this.loadedFor) return;
    if (!pack.ok) return void (this.error = `${zh ? `${id}@${version} 尚未发布到规则库` : `${id}@${version} is not published in the registry`}: ${pack.error}`);
    const ext = pack.value.manifest.extends;
    if (!ext) return void (this.noBase = true);
    const base = await fetchArtifact(this.registry, ext.id, ext.range);
    if (key !== this.loadedFor) return;
    if (!base.ok) return void (this.error = `${zh ? `基础包 ${ext.id} ${ext.range} 取不到` : `the base ${ext.id} ${ext.range} could not be fetched`}: ${base.error}`);
    this.loaded = { base: base.value, pack: pack.value, diff: diffArtifacts(base.value, pack.value) };
  }

  private async pickClaims(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    const l = this.loaded;
    if (!file || !l) return;
    const text = await file.text();
    input.value = ''; // the same file can be picked again after an edit
    const parsed = parseClaims(text);
    if (parsed.errors.length || !parsed.requests.length) {
      this.claims = { file: file.name, busy: false, errors: parsed.errors.length ? parsed.errors : [this.zh ? '文件中没有请求' : 'the file has no requests'], delta: null };
      return;
    }
    this.claims = { file: file.name, busy: true, errors: [], delta: null };
    const m = (a: Artifact) => a.manifest;
    const [before, after] = await Promise.all([
      evalBatchOnServer(this.registry, m(l.base).id, m(l.base).version, parsed.requests),
      evalBatchOnServer(this.registry, m(l.pack).id, m(l.pack).version, parsed.requests),
    ]);
    const errors = [before, after].flatMap((x) => (x.ok ? [] : [x.error]));
    this.claims = { file: file.name, busy: false, errors, delta: before.ok && after.ok ? claimsDelta(before.value, after.value) : null };
  }

  override render(): TemplateResult {
    const zh = this.zh;
    if (this.error) return html`<div class="lk-error" data-testid="sdiff-error">${this.error}</div>`;
    if (this.noBase) return html`<div class="lk-empty" data-testid="sdiff-nobase">${zh ? '本包没有基础包' : 'This pack has no base'}</div>`;
    const l = this.loaded;
    if (!l) return html`<div class="lk-empty">${zh ? '加载中…' : 'Loading…'}</div>`;
    const d = l.diff;
    const m = (a: Artifact) => `${a.manifest.id}@${a.manifest.version}`;
    return html`<div class="lk-sdiff" data-testid="sdiff">
      <div class="lk-diff-head" data-testid="sdiff-head">${zh ? '已发布版本对比' : 'Published versions'}: <b class="mono">${m(l.base)}</b> → <b class="mono">${m(l.pack)}</b>
        <span class="dim">(${zh ? '基础包取自' : 'base from'} extends ${l.pack.manifest.extends?.id} ${l.pack.manifest.extends?.range})</span></div>
      ${this.section(zh ? '参数' : 'Parameters', 'params', d.params.length, html`<table class="lk-table" data-testid="sdiff-params">
        <thead><tr><th>${zh ? '参数' : 'Parameter'}</th><th>${zh ? '变化' : 'Change'}</th><th>${zh ? '原值' : 'Old'}</th><th>${zh ? '新值' : 'New'}</th><th>${zh ? '层' : 'Layer'}</th><th>${zh ? '原因' : 'Reason'}</th></tr></thead>
        <tbody>${d.params.map((p) => html`<tr class="lk-row diff-${p.kind}" data-param=${p.name}>
          <td class="mono">${p.name}</td><td>${this.kind(p.kind)}</td>
          <td class="mono del" data-testid="old">${shown(p.old)}</td><td class="mono add" data-testid="new">${shown(p.new)}</td>
          <td class="mono" data-testid="layer">${p.layer ?? ''}</td><td data-testid="reason">${p.reason ?? ''}</td></tr>`)}</tbody></table>`)}
      ${this.section(zh ? '规则' : 'Rules', 'rules', d.rules.length, html`<table class="lk-table" data-testid="sdiff-rules">
        <thead><tr><th>${zh ? '规则' : 'Rule'}</th><th>${zh ? '变化' : 'Change'}</th><th>${zh ? '字段：原 → 新' : 'Fields: old → new'}</th><th>${zh ? '层' : 'Layer'}</th><th>${zh ? '原因' : 'Reason'}</th></tr></thead>
        <tbody>${d.rules.map((r) => html`<tr class="lk-row diff-${r.kind}" data-rule=${r.code}>
          <td><span class="mono">${r.code}</span> ${r.name}</td><td>${this.kind(r.kind)}</td>
          <td data-testid="fields">${this.fields(r)}</td>
          <td class="mono" data-testid="layer">${r.layer ?? ''}</td><td data-testid="reason">${r.reason ?? ''}</td></tr>`)}</tbody></table>`)}
      ${this.section(zh ? '知识库' : 'Knowledge', 'tables', d.tables.length, html`<table class="lk-table" data-testid="sdiff-tables">
        <thead><tr><th>${zh ? '表' : 'Table'}</th><th>+ ${zh ? '新增' : 'added'}</th><th>− ${zh ? '删除' : 'removed'}</th><th>~ ${zh ? '修改' : 'changed'}</th><th>${zh ? '示例键' : 'Sample keys'}</th></tr></thead>
        <tbody>${d.tables.map((t) => html`<tr class="lk-row" data-table=${t.table}>
          <td class="mono">${t.table}</td><td class="mono add">+${t.added}</td><td class="mono del">−${t.removed}</td><td class="mono">~${t.changed}</td>
          <td class="mono">${t.samples.join('  ')}</td></tr>`)}</tbody></table>`)}
      ${this.section(zh ? '其他' : 'Other', 'other', d.other.length, html`<ul class="lk-sdiff-other" data-testid="sdiff-other">${d.other.map((o) => html`<li class="mono">${o}</li>`)}</ul>`)}
      ${this.renderClaims(l)}
    </div>`;
  }

  private kind(k: 'added' | 'removed' | 'changed'): TemplateResult {
    const zh = this.zh;
    const word = { added: zh ? '新增' : 'added', removed: zh ? '删除' : 'removed', changed: zh ? '修改' : 'changed' }[k];
    return html`<span class="lk-badge k-${k}">${word}</span>`;
  }

  private fields(r: RuleChange): TemplateResult {
    if (r.kind !== 'changed') return html``;
    return html`<ul class="lk-fields">${r.fields.map((f) =>
      BULKY.has(f.field)
        ? html`<li data-field=${f.field}><span class="mono">${f.field}</span> <span class="dim">${this.zh ? '（逻辑已改）' : '(logic changed)'}</span></li>`
        : html`<li data-field=${f.field}><span class="mono">${f.field}</span>: <span class="mono del">${shown(f.old)}</span> → <span class="mono add">${shown(f.new)}</span></li>`,
    )}</ul>`;
  }

  private section(title: string, id: string, n: number, body: TemplateResult): TemplateResult {
    return html`<h4 class="lk-sdiff-h" data-testid=${`sdiff-h-${id}`}>${title} <span class="lk-count">${n}</span></h4>
      ${n ? body : html`<div class="lk-empty small" data-testid=${`sdiff-none-${id}`}>${this.zh ? '无变化' : 'No changes'}</div>`}`;
  }

  private renderClaims(l: Loaded): TemplateResult {
    const zh = this.zh;
    const c = this.claims;
    return html`<h4 class="lk-sdiff-h">${zh ? '对一批申报数据的影响' : 'Effect on a claims file'}</h4>
      <div class="lk-toolbar">
        <label>${zh ? '申报数据文件（JSONL 或 JSON 数组）' : 'Claims file (JSONL or a JSON array)'}
          <input type="file" accept=".json,.jsonl,.ndjson,application/json" data-testid="sdiff-claims-file" @change=${this.pickClaims} /></label>
        <span class="dim">${zh ? `分别用 ${l.base.manifest.id}@${l.base.manifest.version} 与 ${l.pack.manifest.id}@${l.pack.manifest.version} 在服务器上审核` : `evaluated on the server by ${l.base.manifest.id}@${l.base.manifest.version} and ${l.pack.manifest.id}@${l.pack.manifest.version}`}</span>
      </div>
      ${c ? this.renderDelta(c) : nothing}`;
  }

  private renderDelta(c: ClaimsState): TemplateResult {
    const zh = this.zh;
    if (c.busy) return html`<div class="lk-empty">${zh ? `${c.file}：审核中…` : `${c.file}: evaluating…`}</div>`;
    if (c.errors.length) return html`<ul class="lk-error" data-testid="sdiff-claims-errors">${c.errors.map((e) => html`<li>${c.file}: ${e}</li>`)}</ul>`;
    const d = c.delta!;
    const list = (xs: readonly MovedFinding[], sign: string) =>
      xs.map((x) => html`<li class="mono ${sign === '+' ? 'add' : 'del'}">${sign} ${x.request} · ${x.finding.result} · ${yuan(x.finding.amount)} 元 · ${zh ? '违规明细' : 'lines'} ${x.finding.lines.filter((y) => y.role === 'violation').map((y) => y.feedetl_sn).join(',') || '—'} · ${x.finding.message}</li>`);
    return html`<div class="lk-claims" data-testid="sdiff-claims">
      <div data-testid="sdiff-claims-summary">${zh
        ? `${c.file}：审核 ${d.requests} 条请求；发现 ${d.findingsBefore} → ${d.findingsAfter}`
        : `${c.file}: ${d.requests} request(s) evaluated; findings ${d.findingsBefore} → ${d.findingsAfter}`}${d.failed.length ? html` · <span class="fail">${d.failed.length} ${zh ? '条无法审核' : 'could not be evaluated'}</span>` : nothing}</div>
      ${d.failed.length ? html`<ul class="lk-error" data-testid="sdiff-claims-failed">${d.failed.map((f) => html`<li>${f}</li>`)}</ul>` : nothing}
      ${d.rules.length
        ? html`<table class="lk-table" data-testid="sdiff-claims-rules">
            <thead><tr><th>${zh ? '规则' : 'Rule'}</th><th>${zh ? '新出现' : 'Appear'}</th><th>${zh ? '消失' : 'Disappear'}</th><th>${zh ? '明细' : 'Findings'}</th></tr></thead>
            <tbody>${d.rules.map((r) => html`<tr class="lk-row" data-rule=${r.rule}>
              <td><span class="mono">${r.rule}</span> ${r.name}</td>
              <td class="mono add">+${r.appeared.length} (+${yuan(r.moneyAppeared)} 元)</td>
              <td class="mono del">−${r.disappeared.length} (−${yuan(r.moneyDisappeared)} 元)</td>
              <td><ul class="lk-moved">${list(r.appeared, '+')}${list(r.disappeared, '−')}</ul></td></tr>`)}</tbody></table>`
        : html`<div class="lk-empty ok small" data-testid="sdiff-claims-none">${zh ? '没有发现新出现或消失' : 'No finding appears or disappears'}</div>`}
    </div>`;
  }
}
