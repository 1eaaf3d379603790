// <lk-run-panel>: evaluate an ad-hoc audit request on the registry server — paste JSON or pick a
// sample (the `tests/*.json` of the pack and its bases), choose stage / scenario / as-of date, run,
// and see findings, values and their explanations (rendered by findings-view.ts). With `files` (the
// pack's sources as edited) the request is evaluated against them (POST /api/eval/sources), so edits
// count before publishing; the published version is only the fallback for a registry without that route.
// Light DOM (the studio's stylesheet applies). Emits nothing itself: rule links call `context.openSource`.
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { ServerPanel } from './server-panel.js';
import { t, type Locale, type MessageKey } from '../i18n.js';
import { renderResult, type FindingsContext } from './findings-view.js';
import { evalSourcesOnServer } from './eval-sources-api.js';
import { evalOnServer, fetchArtifact, type EvalResult } from './server-api.js';

export class LkRunPanel extends ServerPanel {
  static override properties = {
    ...ServerPanel.properties,
    samples: { attribute: false },
    files: { attribute: false },
    context: { attribute: false },
    text: { state: true },
    sample: { state: true },
    stage: { state: true },
    scenario: { state: true },
    asOf: { state: true },
    scenarios: { state: true },
    result: { state: true },
    error: { state: true },
    busy: { state: true },
    usedSource: { state: true },
  };

  /** path → JSON text of the sample requests. */
  declare samples: Record<string, string>;
  /** The pack's sources as edited (path within the pack → text); null = evaluate the published version. */
  declare files: Record<string, string> | null;
  /** What the last run was evaluated against: the editor contents, or the published version. */
  declare usedSource: 'edits' | 'published' | null;
  declare context: FindingsContext | null;
  declare text: string;
  declare sample: string;
  declare stage: string;
  declare scenario: string;
  declare asOf: string;
  declare scenarios: readonly { name: string; title: string }[];
  declare result: EvalResult | null;
  declare error: string | null;
  declare busy: boolean;
  private scenariosFor = '';

  constructor() {
    super();
    this.samples = {};
    this.files = null;
    this.usedSource = null;
    this.context = null;
    this.text = '';
    this.sample = '';
    this.stage = '';
    this.scenario = '';
    this.asOf = '';
    this.scenarios = [];
    this.result = null;
    this.error = null;
    this.busy = false;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override willUpdate(): void {
    if (!this.text) {
      const first = Object.keys(this.samples)[0];
      if (first) this.pick(first);
    }
    const key = `${this.packId}@${this.version}`;
    if (this.server && this.packId && this.version && key !== this.scenariosFor) {
      this.scenariosFor = key;
      void fetchArtifact(this.registry, this.packId, this.version).then((a) => {
        this.scenarios = a.ok ? a.value.scenarios.map((s) => ({ name: s.name, title: s.title })) : [];
      });
    }
  }

  private tr = (k: MessageKey): string => t(this.locale, k);

  private pick(path: string): void {
    this.sample = path;
    this.text = this.samples[path] ?? '';
  }

  /** Run the request in the text box; public so hosts and tests can trigger it. */
  async run(): Promise<void> {
    this.error = null;
    let request: unknown;
    try {
      request = JSON.parse(this.text);
    } catch (e) {
      this.error = `${this.tr('badJson')}: ${(e as Error).message}`;
      return;
    }
    const o = { stage: this.stage, scenario: this.scenario, asOf: this.asOf };
    this.busy = true;
    try {
      if (this.files && Object.keys(this.files).length) {
        const s = await evalSourcesOnServer(this.registry, this.files, [request], o);
        if (s.ok) {
          const r = s.results[0];
          this.usedSource = 'edits';
          if (r && !r.error) (this.result = r), (this.error = null);
          else (this.result = null), (this.error = r?.error ? `${r.error.message}${r.error.path ? ` (${r.error.path})` : ''}` : 'no result');
          return;
        }
        if (!s.missing) {
          this.usedSource = 'edits';
          this.result = null;
          this.error = s.diagnostics.length ? `${s.error.split('. ')[0]}.\n${s.diagnostics.slice(0, 5).join('\n')}` : s.error;
          return;
        }
      }
      // Fallback: the published version (no sources given, or a registry without /api/eval/sources).
      if (!this.packId || !this.version) return;
      const a = await evalOnServer(this.registry, this.packId, this.version, request, o);
      this.usedSource = 'published';
      if (a.ok) this.result = a.value;
      else (this.result = null), (this.error = a.error);
    } finally {
      this.busy = false;
    }
  }

  private sourceLabel(): string {
    const zh = this.locale !== 'en';
    const edits = this.usedSource ? this.usedSource === 'edits' : !!this.files && Object.keys(this.files).length > 0;
    return edits ? (zh ? '当前编辑内容' : 'current edits') : this.tr('published');
  }

  override render(): TemplateResult {
    if (!this.server) return html`<div class="lk-empty">${this.tr('noServer')}</div>`;
    const paths = Object.keys(this.samples);
    return html`<div class="lk-toolbar" data-testid="run-toolbar">
        <label>${this.tr('sample')}
          <select data-testid="run-sample" .value=${this.sample} @change=${(e: Event) => this.pick((e.target as HTMLSelectElement).value)}>
            ${paths.map((p) => html`<option value=${p} ?selected=${p === this.sample}>${p.replace(/^rulepacks\//, '')}</option>`)}
          </select></label>
        <label>${this.tr('stage')}
          <select data-testid="run-stage" @change=${(e: Event) => (this.stage = (e.target as HTMLSelectElement).value)}>
            <option value="">${this.tr('none')}</option>
            ${['pre', 'mid', 'post'].map((s) => html`<option value=${s} ?selected=${s === this.stage}>${s}</option>`)}
          </select></label>
        <label>${this.tr('scenario')}
          <select data-testid="run-scenario" @change=${(e: Event) => (this.scenario = (e.target as HTMLSelectElement).value)}>
            <option value="">${this.tr('none')}</option>
            ${this.scenarios.map((s) => html`<option value=${s.name} ?selected=${s.name === this.scenario}>${s.name} ${s.title}</option>`)}
          </select></label>
        <label>${this.tr('asOf')} <input type="date" data-testid="run-asof" .value=${this.asOf} @change=${(e: Event) => (this.asOf = (e.target as HTMLInputElement).value)} /></label>
        <button class="lk-go" data-testid="run-go" ?disabled=${this.busy} @click=${() => void this.run()}>${this.busy ? '…' : this.tr('run')}</button>
        <span class="dim mono" data-testid="run-source" data-source=${this.usedSource ?? ''}>${this.packId}@${this.version} (${this.sourceLabel()})</span>
      </div>
      <div class="lk-split">
        <div>
          <div class="dim">${this.tr('pasteJson')}</div>
          <textarea data-testid="run-json" spellcheck="false" .value=${this.text} @input=${(e: Event) => (this.text = (e.target as HTMLTextAreaElement).value)}></textarea>
        </div>
        <div>
          ${this.error ? html`<div class="lk-error" data-testid="run-error">${this.error}</div>` : nothing}
          ${this.result && this.context ? renderResult(this.result, this.context) : nothing}
        </div>
      </div>`;
  }
}
