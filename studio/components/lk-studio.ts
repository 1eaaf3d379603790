// <lk-studio>: the whole studio — pack explorer (bases read-only), editor tabs, problems, tests,
// parameters by layer and the diff against the base. Attributes: `pack` (active pack label),
// `locale` (zh|en), `registry` (server base URL, '' = same origin), `read-only-bases`.
// Events: lk-change, lk-diagnostics (from the editor), lk-test-run, lk-publish.
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { bundledPacks } from '../packs/bundled.js';
import { lkLanguage } from '../monaco/setup.js';
import { t, type Locale, type MessageKey } from '../i18n.js';
import type { Analysis, PackFiles, TestView } from '../worker/protocol.js';
import { lkEvent, type LkChangeDetail, type LkPublishDetail, type LkTestRunDetail } from './events.js';
import type { LkEditor } from './lk-editor.js';
import { runTestsOnServer, type TestResult } from './server-tests.js';
import { renderResult, type FindingsContext } from './findings-view.js';
import { studioStyles } from './styles.js';
import { publishSources, type PublishAnswer } from './publish-api.js';

const TOKEN_KEY = 'liangku.publishToken';
interface PublishDialog {
  readonly note: string;
  readonly token: string;
  readonly sending: boolean;
  readonly answer: PublishAnswer | null;
}

type Panel = 'problems' | 'tests' | 'run' | 'params' | 'diff' | 'knowledge' | 'governance';
const PANELS: readonly Panel[] = ['problems', 'tests', 'run', 'params', 'diff', 'knowledge', 'governance'];
/** Panels that need room: the panel takes more of the height. */
const TALL: ReadonlySet<Panel> = new Set(['tests', 'run', 'diff', 'knowledge', 'governance']);
interface PackInfo {
  readonly label: string;
  readonly id: string | null;
  readonly version: string | null;
  readonly title: string | null;
  readonly base: string | null;
}

export class LkStudio extends LitElement {
  static override properties = {
    pack: { type: String, reflect: true },
    locale: { type: String, reflect: true },
    registry: { type: String },
    readOnlyBases: { type: Boolean, attribute: 'read-only-bases' },
    packs: { attribute: false },
    tabs: { state: true },
    activePath: { state: true },
    analysis: { state: true },
    panel: { state: true },
    server: { state: true },
    results: { state: true },
    busy: { state: true },
    dialog: { state: true },
  };

  /** Label of the pack being edited, e.g. `rulepacks/xinzhou`. */
  declare pack: string;
  declare locale: Locale;
  /** Registry server base URL; '' = the page's own origin. */
  declare registry: string;
  declare readOnlyBases: boolean;
  /** The workspace: defaults to the bundled packs. */
  declare packs: readonly PackFiles[];
  declare tabs: string[];
  declare activePath: string | null;
  declare analysis: Analysis | null;
  declare panel: Panel;
  declare server: boolean | null;
  declare results: ReadonlyMap<string, TestResult>;
  declare busy: boolean;
  /** The publish dialog: open with its note, token and the server's answer. */
  declare dialog: PublishDialog | null;
  private texts = new Map<string, string>();
  private pendingReveal: number | null = null;
  private pendingSelect: { start: number; end: number } | null = null;

  constructor() {
    super();
    this.pack = 'rulepacks/xinzhou';
    this.locale = 'zh';
    this.registry = '';
    this.readOnlyBases = true;
    this.packs = bundledPacks();
    this.tabs = [];
    this.activePath = null;
    this.analysis = null;
    this.panel = 'problems';
    this.server = null;
    this.results = new Map();
    this.busy = false;
    this.dialog = null;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    studioStyles();
    for (const p of this.packs) for (const [f, text] of Object.entries(p.files)) this.texts.set(`${p.label}/${f}`, text);
    void this.probeServer();
  }

  override async firstUpdated(): Promise<void> {
    const { client, ready } = lkLanguage();
    await ready;
    if (this.packs !== bundledPacks()) await client.setWorkspace(this.packs);
    this.openDefault();
    await this.refresh();
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('pack') && changed.get('pack') !== undefined) {
      this.openDefault();
      void this.refresh();
    }
    if (changed.has('locale')) document.documentElement.lang = this.locale === 'zh' ? 'zh-CN' : 'en';
    if (this.pendingReveal !== null) {
      const off = this.pendingReveal;
      this.pendingReveal = null;
      // The editor swaps models asynchronously; reveal once it has.
      setTimeout(() => this.editorEl()?.revealOffset(off), 60);
    }
    if (this.pendingSelect !== null) {
      const { start, end } = this.pendingSelect;
      this.pendingSelect = null;
      setTimeout(() => this.editorEl()?.selectRange(start, end), 120);
    }
  }

  // ------------------------------------------------------------ actions

  private tr = (k: MessageKey): string => t(this.locale, k);

  private infos(): PackInfo[] {
    return this.packs.map((p) => {
      // The edited text when there is one: the explorer shows the version being edited.
      const lk = Object.entries(p.files).filter(([f]) => f.endsWith('.lk')).map(([f, x]) => this.texts.get(`${p.label}/${f}`) ?? x).join('\n');
      const m = /^\s*pack\s+([\w.]+)\s+(\S+)(?:\s+"([^"]*)")?(?:\s+extends\s+([\w.]+))?/m.exec(lk);
      const baseId = m?.[4] ?? null;
      return { label: p.label, id: m?.[1] ?? null, version: m?.[2] ?? null, title: m?.[3] ?? null, base: baseId };
    });
  }

  /** Labels of the active pack's chain, base first. */
  private chain(): string[] {
    const infos = this.infos();
    const out: string[] = [];
    let cur = infos.find((i) => i.label === this.pack);
    const seen = new Set<string>();
    while (cur && !seen.has(cur.label)) {
      seen.add(cur.label);
      out.unshift(cur.label);
      cur = cur.base ? infos.find((i) => i.id === cur!.base) : undefined;
    }
    return out;
  }

  private isReadOnly(path: string): boolean {
    return this.readOnlyBases && !path.startsWith(`${this.pack}/`);
  }

  private openDefault(): void {
    const p = this.packs.find((x) => x.label === this.pack);
    const first = p && Object.keys(p.files).filter((f) => f.endsWith('.lk')).sort((a, b) => (a === 'pack.lk' ? -1 : b === 'pack.lk' ? 1 : a.localeCompare(b)))[0];
    if (first) this.open(`${this.pack}/${first}`);
  }

  /** Open a file in a tab (and optionally move to an offset). */
  open(path: string, offset?: number): void {
    if (!this.tabs.includes(path)) this.tabs = [...this.tabs, path];
    this.activePath = path;
    if (offset !== undefined) this.pendingReveal = offset;
  }

  /**
   * Open a span from an artifact or an explanation: `file` is `<pack id>/<path>` (the runtime names
   * files by pack id); the workspace pack declaring that id gives the label. Selects [start, end).
   */
  openSource(file: string, start: number, end: number): boolean {
    const slash = file.indexOf('/');
    const id = file.slice(0, slash);
    const label = this.infos().find((i) => i.id === id)?.label;
    if (!label) return false;
    const path = `${label}/${file.slice(slash + 1)}`;
    if (!this.tabs.includes(path)) this.tabs = [...this.tabs, path];
    this.activePath = path;
    this.pendingSelect = { start, end };
    this.requestUpdate();
    return true;
  }

  /** Context for findings and explanations rendered in the panels. */
  private findingsContext(): FindingsContext {
    return {
      locale: this.locale,
      openSource: (f, a, b) => void this.openSource(f, a, b),
      paramReason: (name, layer) => {
        const p = this.analysis?.params.find((x) => x.name === name);
        const h = p?.history.filter((x) => x.layer === layer).pop() ?? p?.history[p.history.length - 1];
        return h?.reason ?? null;
      },
    };
  }

  /** Sample requests for the run panel: every `tests/*.json` of the active pack and its bases. */
  private samples(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const label of this.chain().reverse()) {
      for (const [p, text] of this.texts) if (p.startsWith(`${label}/`) && p.endsWith('.json')) out[p] = text;
    }
    return out;
  }

  private close(path: string, e: Event): void {
    e.stopPropagation();
    this.tabs = this.tabs.filter((x) => x !== path);
    if (this.activePath === path) this.activePath = this.tabs[this.tabs.length - 1] ?? null;
  }

  private editorEl(): LkEditor | null {
    return this.querySelector('lk-editor');
  }

  /** Re-check the active pack and refresh the panels. */
  async refresh(): Promise<void> {
    this.busy = true;
    const { client } = lkLanguage();
    this.analysis = await client.analyze(this.pack);
    this.busy = false;
    await this.editorEl()?.check();
  }

  private onChange(e: CustomEvent<LkChangeDetail>): void {
    this.texts.set(e.detail.path, e.detail.text);
  }

  private onDiagnostics(e: CustomEvent<{ analysis: Analysis }>): void {
    if (e.detail.analysis.pack === this.pack) this.analysis = e.detail.analysis;
  }

  private async probeServer(): Promise<void> {
    try {
      const r = await fetch(`${this.registry}/api/packs`, { headers: { accept: 'application/json' } });
      this.server = r.ok && (r.headers.get('content-type') ?? '').includes('json');
    } catch {
      this.server = false;
    }
  }

  private async runTests(): Promise<void> {
    const a = this.analysis;
    if (!a) return;
    const detail: LkTestRunDetail = { pack: this.pack, packId: a.packId, version: a.version, tests: a.tests, runner: this.server ? 'server' : 'none' };
    this.dispatchEvent(lkEvent('lk-test-run', detail));
    this.panel = 'tests';
    if (!this.server) return;
    this.results = new Map();
    // The pack as it stands in the editors (saved or not), so edits are tested before publishing.
    this.results = await runTestsOnServer(this.registry, a, (p) => this.texts.get(p) ?? null, (name, r) => {
      this.results = new Map([...this.results, [name, r]]);
    }, this.sourceFiles());
  }

  /** Hosts that run tests themselves report results here (name → passed + messages). */
  setTestResults(results: ReadonlyMap<string, TestResult>): void {
    this.results = results;
  }

  /** The active pack's source files as edited: its .lk files and tests/*.json (path within the pack). */
  private sourceFiles(): Record<string, string> {
    const files: Record<string, string> = {};
    for (const [p, text] of this.texts) {
      if (!p.startsWith(`${this.pack}/`)) continue;
      const rel = p.slice(this.pack.length + 1);
      if (rel.endsWith('.lk') || (rel.startsWith('tests/') && rel.endsWith('.json'))) files[rel] = text;
    }
    return files;
  }

  /**
   * 发布: fires `lk-publish` (cancelable — a host that publishes itself calls preventDefault());
   * otherwise, with a registry server, opens the publish dialog.
   */
  private publish(): void {
    const a = this.analysis;
    const files = this.sourceFiles();
    const errors = a?.diagnostics.filter((d) => d.severity === 'error').length ?? 0;
    const ev = new CustomEvent<LkPublishDetail>('lk-publish', { detail: { pack: this.pack, packId: a?.packId ?? null, version: a?.version ?? null, files, errors }, bubbles: true, composed: true, cancelable: true });
    if (!this.dispatchEvent(ev) || !this.server) return;
    this.dialog = { note: '', token: sessionStorage.getItem(TOKEN_KEY) ?? '', sending: false, answer: null };
  }

  private async sendPublish(): Promise<void> {
    const d = this.dialog;
    if (!d) return;
    sessionStorage.setItem(TOKEN_KEY, d.token);
    this.dialog = { ...d, sending: true, answer: null };
    const answer = await publishSources(this.registry, this.sourceFiles(), d.note, d.token);
    this.dialog = { ...this.dialog!, sending: false, answer };
  }

  private format(): void {
    void this.editorEl()?.monacoEditor?.getAction('editor.action.formatDocument')?.run();
  }

  // ------------------------------------------------------------ rendering

  override render(): TemplateResult {
    const a = this.analysis;
    const errs = a?.diagnostics.filter((d) => d.severity === 'error').length ?? 0;
    const warns = a?.diagnostics.filter((d) => d.severity === 'warning').length ?? 0;
    return html`
      <div class="lk-studio ${TALL.has(this.panel) ? 'tall' : ''}" @lk-open-source=${(e: CustomEvent<{ file: string; start: number; end: number }>) => this.openSource(e.detail.file, e.detail.start, e.detail.end)} @lk-change=${this.onChange} @lk-diagnostics=${this.onDiagnostics}>
        <header class="lk-top">
          <div class="lk-brand"><span class="lk-logo">两库</span><span class="lk-title">${this.tr('title')}</span><span class="lk-sub">${this.tr('subtitle')}</span></div>
          <div class="lk-actions">
            <span class="lk-status" data-testid="status">${this.busy ? this.tr('checking') : a ? `${this.tr('checked')} · ${errs} ${this.tr('errors')} · ${warns} ${this.tr('warnings')} · ${a.ms} ${this.tr('ms')}` : ''}</span>
            <button class="lk-btn" @click=${this.format}>${this.tr('format')}</button>
            <button class="lk-btn" data-testid="run-tests" @click=${this.runTests}>${this.tr('runTests')}</button>
            <button class="lk-btn lk-primary" data-testid="publish" @click=${this.publish}>${this.tr('publish')}</button>
            <button class="lk-btn lk-locale" data-testid="locale" @click=${() => (this.locale = this.locale === 'zh' ? 'en' : 'zh')}>${this.tr('switchLocale')}</button>
          </div>
        </header>
        <nav class="lk-explorer" data-testid="explorer">
          <h2>${this.tr('explorer')}</h2>
          ${this.renderExplorer()}
        </nav>
        <main class="lk-main">
          <div class="lk-tabs" role="tablist">
            ${this.tabs.map(
              (p) => html`<div role="tab" class="lk-tab ${p === this.activePath ? 'on' : ''}" title=${p} @click=${() => (this.activePath = p)}>
                ${p.split('/').slice(-2).join('/')}${this.isReadOnly(p) ? html` <span class="lk-lock">${this.tr('readonly')}</span>` : nothing}
                <span class="lk-x" @click=${(e: Event) => this.close(p, e)}>×</span>
              </div>`,
            )}
          </div>
          <div class="lk-editor-wrap">
            ${this.activePath
              ? html`<lk-editor .path=${this.activePath} .pack=${this.pack} .locale=${this.locale} ?read-only=${this.isReadOnly(this.activePath)} .readOnly=${this.isReadOnly(this.activePath)}></lk-editor>`
              : nothing}
          </div>
        </main>
        <section class="lk-panel">
          <div class="lk-panel-tabs">
            ${PANELS.map(
              (p) => html`<button class="lk-ptab ${this.panel === p ? 'on' : ''}" data-testid=${`panel-${p}`} @click=${() => (this.panel = p)}>
                ${this.tr(p)}${p === 'problems' && a ? html` <span class="lk-count ${errs ? 'bad' : ''}">${a.diagnostics.length}</span>` : nothing}
                ${p === 'tests' && a ? html` <span class="lk-count">${a.tests.length}</span>` : nothing}
              </button>`,
            )}
          </div>
          <div class="lk-panel-body">${this.renderPanel()}</div>
        </section>
        ${this.dialog ? this.renderPublishDialog(this.dialog) : nothing}
      </div>
    `;
  }

  private renderPublishDialog(d: PublishDialog): TemplateResult {
    const a = this.analysis;
    const zh = this.locale !== 'en';
    const errs = a?.diagnostics.filter((x) => x.severity === 'error').length ?? 0;
    const set = (patch: Partial<PublishDialog>): void => void (this.dialog = { ...d, ...patch });
    const ans = d.answer;
    return html`<div class="lk-modal-back" @click=${(e: Event) => e.target === e.currentTarget && (this.dialog = null)}>
      <div class="lk-modal" role="dialog" data-testid="publish-dialog">
        <h3>${zh ? '构建并发布到规则库' : 'Build and publish to the registry'}</h3>
        <div class="lk-field"><span>${zh ? '规则包' : 'Pack'}</span><b class="mono" data-testid="publish-pack">${a?.packId ?? '?'}</b></div>
        <div class="lk-field"><span>${zh ? '版本' : 'Version'}</span><b class="mono" data-testid="publish-version">${a?.version ?? '?'}</b>
          <span class="dim">${zh ? '（取自 pack 声明；发布新版本请先修改声明中的版本号）' : '(from the pack declaration; raise it there to publish a new version)'}</span></div>
        ${errs ? html`<div class="lk-error">${zh ? `当前有 ${errs} 个错误，服务器将拒绝构建。` : `${errs} error(s) now: the server will refuse to build.`}</div>` : nothing}
        <label class="lk-field col"><span>${zh ? '变更说明' : 'Change note'}</span>
          <textarea data-testid="publish-note" rows="3" .value=${d.note} @input=${(e: Event) => set({ note: (e.target as HTMLTextAreaElement).value })}
            placeholder=${zh ? '例如：依据忻医保发〔2024〕3号调整家庭医生签约支付比例' : 'e.g. the document this version implements'}></textarea></label>
        <label class="lk-field col"><span>${zh ? '发布令牌（仅保存在本标签页）' : 'Publisher token (kept in this tab only)'}</span>
          <input type="password" data-testid="publish-token" .value=${d.token} @input=${(e: Event) => set({ token: (e.target as HTMLInputElement).value })} /></label>
        ${ans
          ? ans.ok
            ? html`<div class="lk-answer ok" data-testid="publish-answer">${zh ? '已发布' : 'Published'} <b class="mono">${ans.id}@${ans.version}</b> <span class="dim mono">${ans.hash.slice(0, 16)}…</span>
                ${ans.versions.length ? html`<div data-testid="publish-versions">${zh ? '已发布版本：' : 'Versions: '}<span class="mono">${ans.versions.join(', ')}</span></div>` : nothing}</div>`
            : html`<div class="lk-answer bad" data-testid="publish-answer"><b>${ans.status}</b> ${ans.message}
                ${ans.diagnostics.length ? html`<ul data-testid="publish-diagnostics">${ans.diagnostics.map((x) => html`<li class="mono">${x}</li>`)}</ul>` : nothing}</div>`
          : nothing}
        <div class="lk-modal-actions">
          <button class="lk-btn plain" data-testid="publish-cancel" @click=${() => (this.dialog = null)}>${zh ? '关闭' : 'Close'}</button>
          <button class="lk-btn lk-primary" data-testid="publish-send" ?disabled=${d.sending || !d.token.trim()} @click=${this.sendPublish}>${d.sending ? (zh ? '发布中…' : 'Publishing…') : zh ? '构建并发布' : 'Build and publish'}</button>
        </div>
      </div>
    </div>`;
  }

  private renderExplorer(): TemplateResult {
    const chain = this.chain();
    return html`${this.infos().map((i) => {
      const p = this.packs.find((x) => x.label === i.label)!;
      const isActive = i.label === this.pack;
      const isBase = !isActive && chain.includes(i.label);
      const files = Object.keys(p.files).sort();
      return html`<div class="lk-pack ${isActive ? 'active' : ''} ${isBase ? 'base' : ''}" data-pack=${i.label}>
        <div class="lk-pack-head" @click=${() => (this.pack = i.label)} title=${i.title ?? ''}>
          <span class="lk-pack-name">${i.label.split('/').pop()}</span>
          <span class="lk-pack-id">${i.id ?? ''} ${i.version ?? ''}</span>
          ${isActive ? html`<span class="lk-badge on">${this.tr('active')}</span>` : isBase ? html`<span class="lk-badge">${this.tr('base')} · ${this.tr('readonly')}</span>` : nothing}
          ${i.title ? html`<div class="lk-pack-title">${i.title}</div>` : nothing}
        </div>
        ${isActive || isBase
          ? html`<ul class="lk-files">
              ${files.map((f) => {
                const path = `${i.label}/${f}`;
                return html`<li class="${path === this.activePath ? 'on' : ''} ${f.endsWith('.lk') ? 'lk' : 'json'}" @click=${() => this.open(path)}>${f}</li>`;
              })}
            </ul>`
          : nothing}
      </div>`;
    })}`;
  }

  private lineCol(path: string, offset: number): string {
    const text = this.texts.get(path) ?? '';
    let line = 1;
    let last = 0;
    for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) (line++, (last = i + 1));
    return `${line}:${offset - last + 1}`;
  }

  private renderPanel(): TemplateResult {
    const a = this.analysis;
    if (!a) return html`<div class="lk-empty">${this.tr('checking')}</div>`;
    if (this.panel === 'problems') {
      if (!a.diagnostics.length) return html`<div class="lk-empty ok" data-testid="no-problems">${this.tr('noProblems')}</div>`;
      return html`<table class="lk-table" data-testid="problems">
        <tbody>
          ${a.diagnostics.map(
            (d) => html`<tr class="lk-row ${d.severity}" @click=${() => this.open(d.file, d.span.start)}>
              <td class="sev"><span class="dot ${d.severity}">${d.severity === 'error' ? 'E' : d.severity === 'warning' ? 'W' : 'i'}</span></td>
              <td>${d.message[this.locale]}${d.help ? html`<div class="help">${d.help[this.locale]}</div>` : nothing}</td>
              <td class="mono">${d.code}</td>
              <td class="mono link">${d.file}:${this.lineCol(d.file, d.span.start)}</td>
            </tr>`,
          )}
        </tbody>
      </table>`;
    }
    if (this.panel === 'tests') return this.renderTests(a.tests);
    if (this.panel === 'run') {
      return html`<lk-run-panel .registry=${this.registry} .locale=${this.locale} .server=${this.server} .packId=${a.packId} .version=${a.version}
        .files=${this.sourceFiles()} .samples=${this.samples()} .context=${this.findingsContext()}></lk-run-panel>`;
    }
    if (this.panel === 'knowledge') {
      return html`<lk-knowledge-view .registry=${this.registry} .locale=${this.locale} .server=${this.server} .packId=${a.packId} .version=${a.version}></lk-knowledge-view>`;
    }
    if (this.panel === 'governance') {
      return html`<lk-governance-view .registry=${this.registry} .locale=${this.locale} .server=${this.server} .packId=${a.packId} .version=${a.version}></lk-governance-view>`;
    }
    if (this.panel === 'params') {
      return html`<table class="lk-table" data-testid="params">
        <thead><tr><th>${this.tr('param')}</th><th>${this.tr('paramTitle')}</th><th>${this.tr('effective')}</th><th>${this.tr('range')}</th><th>${this.tr('setBy')}</th><th>${this.tr('reason')}</th></tr></thead>
        <tbody>
          ${a.params.map((p) => {
            const last = p.history[p.history.length - 1]!;
            const changed = p.history.length > 1;
            return html`<tr class="lk-row ${changed ? 'changed' : ''}" @click=${() => this.open(last.file, last.start)}>
              <td class="mono">${p.name}${p.locked ? html` <span class="lk-badge">locked</span>` : nothing}</td>
              <td>${p.title}</td>
              <td class="mono strong">${show(p.effective)}${p.unit ? ` ${p.unit}` : ''}${changed ? html`<div class="was">${p.history.slice(0, -1).map((h) => `${h.layer.split('@')[0]}: ${show(h.value)}`).join(' → ')}</div>` : nothing}</td>
              <td class="mono">${p.range ? `${show(p.range.lo)} .. ${show(p.range.hi)}` : '—'}</td>
              <td class="mono">${last.layer} <span class="dim">(${this.tr(last.action)})</span></td>
              <td>${last.reason ?? ''}</td>
            </tr>`;
          })}
        </tbody>
      </table>`;
    }
    // Served: the published versions compared (lk-diff-view); the source-level view stays below,
    // and is the whole panel when no registry answers.
    const served = this.server
      ? html`<lk-diff-view .registry=${this.registry} .locale=${this.locale} .server=${this.server} .packId=${a.packId} .version=${a.version}></lk-diff-view>
          <h4 class="lk-sdiff-h">${this.locale === 'en' ? 'Source level (the pack being edited)' : '源码层面（正在编辑的包）'}</h4>`
      : nothing;
    if (!a.diff.length) return html`${served}<div class="lk-empty">${this.tr('noDiff')}</div>`;
    const base = a.chain[a.chain.length - 2];
    return html`${served}<div class="lk-diff-head">${a.pack} ⟵ ${this.tr('extendsOf')} ${base ?? ''}</div>
      <table class="lk-table" data-testid="diff">
        <thead><tr><th>${this.tr('kind')}</th><th>${this.tr('target')}</th><th>${this.tr('before')}</th><th>${this.tr('after')}</th><th>${this.tr('reason')}</th></tr></thead>
        <tbody>
          ${a.diff.map(
            (d) => html`<tr class="lk-row diff-${d.kind}" @click=${() => this.open(d.file, d.start)}>
              <td><span class="lk-badge k-${d.kind}">${this.tr(d.kind as MessageKey)}</span></td>
              <td class="mono">${d.target}</td>
              <td class="mono del">${d.before ?? ''}</td>
              <td class="mono add">${d.after ?? ''}</td>
              <td>${d.reason ?? ''}</td>
            </tr>`,
          )}
        </tbody>
      </table>`;
  }

  private renderTests(tests: readonly TestView[]): TemplateResult {
    const done = [...this.results.values()];
    const passed = done.filter((r) => r.passed).length;
    const ctx = this.findingsContext();
    const zh = this.locale !== 'en';
    // Which version the results came from: the editor contents (POST /api/eval/sources), or the
    // published version when the registry is too old to compile sources.
    const source = done.some((r) => r.source === 'edits') ? 'edits' : done.some((r) => r.source === 'published') ? 'published' : null;
    const serverNote = zh ? '已连接注册服务器：测试在服务器上按当前编辑内容（含未保存、未发布的修改）运行。' : 'Connected to the registry server: tests run on the server against the current editor contents (unsaved and unpublished edits included).';
    return html`<div class="lk-test-note ${this.server ? 'ok' : 'warn'}" data-testid="test-note">${this.server ? serverNote : this.tr('needServer')}
        ${source
          ? html`<span class="lk-badge ${source === 'edits' ? 'on' : ''}" data-testid="test-source" data-source=${source}>${source === 'edits' ? (zh ? '当前编辑内容' : 'current edits') : `${a0(this.analysis)} · ${this.tr('published')}`}</span>`
          : nothing}
        ${done.length ? html`<b data-testid="test-summary">${passed}/${tests.length} ${this.tr('passed')}</b>` : nothing}</div>
      <div class="lk-tests" data-testid="tests">
        ${tests.map((x) => {
          const r = this.results.get(x.name);
          return html`<div class="lk-test ${r ? (r.passed ? 'ok' : 'bad') : ''}" data-test=${x.name}>
            <div class="lk-test-head">
              <span class="lk-test-status">${r ? (r.passed ? html`<span class="pass">✓ ${this.tr('passed')}</span>` : html`<span class="fail">✗ ${this.tr('failed')}</span>`) : html`<span class="dim">${this.tr('pending')}</span>`}</span>
              <a href="#" class="lk-test-name" @click=${(e: Event) => (e.preventDefault(), this.open(x.file, x.start))}>${x.name}</a>
              <span class="mono dim">${x.request ?? ''}${x.lowered.patches.length ? ` with {${x.lowered.patches.map((p) => p.path.join('.')).join(', ')}}` : ''}</span>
            </div>
            ${r?.checks
              ? html`<ul class="lk-checks">${r.checks.map((c) => html`<li class=${c.ok ? 'ok' : 'bad'}><span class=${c.ok ? 'pass' : 'fail'}>${c.ok ? '✓' : '✗'}</span> <span class="mono">expect ${c.text}</span>${c.ok ? nothing : html` <span class="help">${c.message}</span>`}</li>`)}</ul>`
              : r && !r.passed
                ? html`<div class="help fail">${r.messages.join('；')}</div>`
                : nothing}
            ${r?.result
              ? html`<details class="lk-test-result"><summary>${r.result.findings.length} ${this.tr('findingsWord')} · ${Object.keys(r.result.values ?? {}).length} ${this.tr('valuesWord')}</summary>${renderResult(r.result, ctx)}</details>`
              : nothing}
          </div>`;
        })}
      </div>`;
  }
}

const a0 = (a: Analysis | null): string => `${a?.packId ?? '?'}@${a?.version ?? '?'}`;
const show = (v: unknown): string => (v === null || v === undefined ? 'none' : Array.isArray(v) ? `{${v.join(', ')}}` : String(v));
