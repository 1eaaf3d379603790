// <lk-governance-view> (issue 10): per-rule review metrics from GET /api/governance/stats — hits,
// money flagged / upheld, appeal rate, false-positive rate with its 95% Wilson interval, the
// trigger's proposal — in a sortable table (worst FP first), a monthly trend chart of the selected
// rule (?by=month), the rule's state in the current pack (shadow / retired highlighted) and the
// lifecycle changes recorded at publish (GET /api/governance/lifecycle).
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { ServerPanel } from './server-panel.js';
import { t, type Locale, type MessageKey } from '../i18n.js';
import { fetchArtifact, fetchStats, type Artifact, type RuleStats } from './server-api.js';
import { trendChart } from './trend-chart.js';

type SortKey = 'rule' | 'hits' | 'reviewed' | 'moneyFlagged' | 'moneyUpheld' | 'appealRate' | 'fp';
interface Lifecycle {
  readonly version: string;
  readonly actor: string;
  readonly at: string;
  readonly changes: readonly { rule: string; name?: string; from: string | null; to: string; reason: string | null }[];
}

const sortValue = (r: RuleStats, k: SortKey): number | string => (k === 'fp' ? r.fp.p : k === 'rule' ? r.rule : r[k]);

/** Rows sorted by a column; ties keep the server's order (worst FP first, then more reviewed). */
export function sortStats(rows: readonly RuleStats[], key: SortKey, desc: boolean): RuleStats[] {
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const x = sortValue(a.r, key);
      const y = sortValue(b.r, key);
      const c = typeof x === 'string' ? x.localeCompare(String(y)) : x - (y as number);
      return (desc ? -c : c) || a.i - b.i;
    })
    .map(({ r }) => r);
}

const pct = (p: number): string => `${(p * 100).toFixed(1)}%`;
const yuan = (n: number): string => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export class LkGovernanceView extends ServerPanel {
  static override properties = {
    ...ServerPanel.properties,
    rules: { state: true },
    months: { state: true },
    outcomes: { state: true },
    artifact: { state: true },
    lifecycle: { state: true },
    error: { state: true },
    sortKey: { state: true },
    desc: { state: true },
    selected: { state: true },
  };

  declare rules: readonly RuleStats[] | null;
  declare months: readonly RuleStats[];
  declare outcomes: number;
  declare artifact: Artifact | null;
  declare lifecycle: readonly Lifecycle[];
  declare error: string | null;
  declare sortKey: SortKey;
  declare desc: boolean;
  declare selected: string | null;
  private loadedFor = '';

  constructor() {
    super();
    this.rules = null;
    this.months = [];
    this.outcomes = 0;
    this.artifact = null;
    this.lifecycle = [];
    this.error = null;
    this.sortKey = 'fp';
    this.desc = true;
    this.selected = null;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override willUpdate(): void {
    const key = `${this.packId}@${this.version}`;
    if (this.server && key !== this.loadedFor) {
      this.loadedFor = key;
      void this.load();
    }
  }

  /** Fetch the stats again (public: hosts call it after importing outcomes). */
  async load(): Promise<void> {
    const [byRule, byMonth, art, life] = await Promise.all([
      fetchStats(this.registry, 'rule'),
      fetchStats(this.registry, 'month'),
      this.packId && this.version ? fetchArtifact(this.registry, this.packId, this.version) : Promise.resolve(null),
      this.packId ? fetch(`${this.registry}/api/governance/lifecycle?pack=${encodeURIComponent(this.packId)}`).then((r) => (r.ok ? r.json() : { events: [] })).catch(() => ({ events: [] })) : Promise.resolve({ events: [] }),
    ]);
    if (!byRule.ok) {
      this.error = byRule.error;
      return;
    }
    this.error = null;
    this.rules = byRule.value.rules;
    this.outcomes = byRule.value.outcomes;
    this.months = byMonth.ok ? byMonth.value.rules : [];
    this.artifact = art && art.ok ? art.value : null;
    this.lifecycle = (life as { events: Lifecycle[] }).events ?? [];
    if (!this.selected || !this.rules.some((r) => r.rule === this.selected)) this.selected = sortStats(this.rules, this.sortKey, this.desc)[0]?.rule ?? null;
  }

  private tr = (k: MessageKey): string => t(this.locale, k);

  private sortBy(k: SortKey): void {
    if (this.sortKey === k) this.desc = !this.desc;
    else (this.sortKey = k), (this.desc = k !== 'rule');
  }

  override render(): TemplateResult {
    if (!this.server) return html`<div class="lk-empty">${this.tr('noServer')}</div>`;
    if (this.error) return html`<div class="lk-error">${this.error}</div>`;
    if (!this.rules) return html`<div class="lk-empty">${this.tr('loading')}</div>`;
    if (!this.rules.length) return html`<div class="lk-empty" data-testid="gov-empty">${this.tr('noOutcomes')}</div>`;
    const ruleInfo = new Map((this.artifact?.rules ?? []).map((r) => [r.code, r]));
    const rows = sortStats(this.rules, this.sortKey, this.desc);
    const th = (k: SortKey, label: MessageKey, num = true): TemplateResult =>
      html`<th class="sortable ${num ? 'num' : ''} ${this.sortKey === k ? 'sorted' : ''}" data-sort=${k} @click=${() => this.sortBy(k)}>${this.tr(label)}${this.sortKey === k ? (this.desc ? ' ▼' : ' ▲') : ''}</th>`;
    const sel = this.selected;
    const selInfo = sel ? ruleInfo.get(sel) : undefined;
    return html`<div class="lk-toolbar">
        <b>${this.tr('governance')}</b>
        <span class="dim">${this.outcomes} ${this.tr('outcomes')} · ${this.rules.length} ${this.tr('rule')}</span>
        <button class="lk-go plain" data-testid="gov-reload" @click=${() => void this.load()}>↻</button>
        <span class="dim mono">${this.tr('ruleState')}: ${this.packId ?? ''}@${this.version ?? ''}</span>
      </div>
      <div class="lk-gov">
        <table class="lk-table" data-testid="gov-table">
          <thead><tr>
            ${th('rule', 'rule', false)}<th>${this.tr('ruleState')}</th>${th('hits', 'hits')}${th('reviewed', 'reviewed')}${th('moneyFlagged', 'flagged')}${th('moneyUpheld', 'upheld')}${th('appealRate', 'appealRate')}${th('fp', 'fpRate')}<th class="num">${this.tr('interval')}</th><th>${this.tr('proposal')}</th>
          </tr></thead>
          <tbody>
            ${rows.map((r) => {
              const info = ruleInfo.get(r.rule);
              const state = info?.state ?? null;
              return html`<tr class="lk-row ${state === 'shadow' || state === 'retired' ? `st-${state}` : ''} ${r.rule === sel ? 'sel' : ''}" data-rule=${r.rule} @click=${() => (this.selected = r.rule)}>
                <td class="mono strong">${r.rule}${info ? html`<div class="dim">${info.name}</div>` : nothing}</td>
                <td>${state ? html`<span class="lk-state s-${state}" title=${info?.stateReason ?? ''}>${state}</span>` : html`<span class="dim">—</span>`}</td>
                <td class="num">${r.hits}</td>
                <td class="num">${r.reviewed}</td>
                <td class="num">${yuan(r.moneyFlagged)}</td>
                <td class="num">${yuan(r.moneyUpheld)}</td>
                <td class="num">${pct(r.appealRate)}</td>
                <td class="num strong ${r.fp.p >= 0.3 ? 'fail' : ''}">${r.reviewed ? pct(r.fp.p) : '—'}</td>
                <td class="num dim">${r.reviewed ? `${pct(r.fp.lo)}–${pct(r.fp.hi)}` : '—'}</td>
                <td>${r.proposal ? html`<span class="lk-state ${r.proposal.action === 'retire' ? 's-retired' : 's-shadow'}">${r.proposal.action}</span> <span class="help">${r.proposal.because[this.locale]}</span>` : nothing}</td>
              </tr>`;
            })}
          </tbody>
        </table>
        <div class="lk-chart" data-testid="gov-chart" data-rule=${sel ?? ''}>
          <h3>${this.tr('trend')} · <span class="mono">${sel ?? ''}</span>${selInfo ? html` <span class="lk-state s-${selInfo.state}">${selInfo.state}</span>` : nothing}</h3>
          ${selInfo ? html`<div class="help">${selInfo.name}${selInfo.stateReason ? html` — ${selInfo.stateReason}` : nothing}</div>` : nothing}
          ${trendChart(this.months.filter((m) => m.rule === sel), { hits: this.tr('hits'), fp: this.tr('fpRate') })}
          ${this.renderLifecycle(sel)}
        </div>
      </div>`;
  }

  private renderLifecycle(rule: string | null): TemplateResult | typeof nothing {
    const changes = this.lifecycle.flatMap((e) => e.changes.filter((c) => c.rule === rule).map((c) => ({ ...c, version: e.version, actor: e.actor, at: e.at })));
    if (!changes.length) return nothing;
    return html`<ul class="lk-checks" style="padding-left:0" data-testid="gov-lifecycle">
      ${changes.map((c) => html`<li><span class="mono">${c.version}</span> ${c.from ?? '∅'} → <span class="lk-state s-${c.to}">${c.to}</span> <span class="dim">${c.actor}</span><div class="help">${c.reason ?? ''}</div></li>`)}
    </ul>`;
  }
}
