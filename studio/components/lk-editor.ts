// <lk-editor>: one Monaco editor on a liangku file, with markers, completion, hover, symbols,
// formatting and quick fixes from the language worker. Renders in light DOM because Monaco's CSS is
// global. Events: `lk-change` (every edit), `lk-diagnostics` (after each check).
import { LitElement, html } from 'lit';
import type * as Monaco from 'monaco-editor/editor/editor.api.js';
import { applyMarkers, LANGUAGE_ID, setAdapterLocale, uriOfPath } from '../monaco/adapters.js';
import { lkLanguage } from '../monaco/setup.js';
import type { Analysis } from '../worker/protocol.js';
import { lkEvent, type LkChangeDetail, type LkDiagnosticsDetail } from './events.js';

export class LkEditor extends LitElement {
  static override properties = {
    path: { type: String },
    value: { type: String },
    pack: { type: String },
    readOnly: { type: Boolean, attribute: 'read-only', reflect: true },
    locale: { type: String },
  };

  /** File path inside the workspace, e.g. `rulepacks/shanxi/pack.lk`. */
  declare path: string;
  /** Initial text (when the file is not in the bundled workspace). */
  declare value: string | undefined;
  /** The pack to check (its label); defaults to the file's directory. */
  declare pack: string | undefined;
  declare readOnly: boolean;
  declare locale: 'zh' | 'en';

  private editor: Monaco.editor.IStandaloneCodeEditor | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private checks = 0;
  private silent = false;

  constructor() {
    super();
    this.path = 'untitled/pack.lk';
    this.readOnly = false;
    this.locale = 'zh';
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override render() {
    return html`<div class="lk-editor-host" style="width:100%;height:100%"></div>`;
  }

  /** The Monaco editor (for hosts that need more). */
  get monacoEditor(): Monaco.editor.IStandaloneCodeEditor | null {
    return this.editor;
  }

  /** Current text of the open file. */
  getText(): string {
    return this.editor?.getModel()?.getValue() ?? '';
  }

  /** Move the cursor to an offset and show it. */
  revealOffset(offset: number): void {
    const model = this.editor?.getModel();
    if (!this.editor || !model) return;
    const p = model.getPositionAt(offset);
    this.editor.setPosition(p);
    this.editor.revealPositionInCenter(p);
    this.editor.focus();
  }

  /** Select the half-open range [start, end) (UTF-16 offsets) and show it, e.g. a rule's span. */
  selectRange(start: number, end: number): void {
    const model = this.editor?.getModel();
    if (!this.editor || !model) return;
    const a = model.getPositionAt(start);
    const b = model.getPositionAt(end);
    this.editor.setSelection({ startLineNumber: a.lineNumber, startColumn: a.column, endLineNumber: b.lineNumber, endColumn: b.column });
    this.editor.revealRangeInCenterIfOutsideViewport({ startLineNumber: a.lineNumber, startColumn: a.column, endLineNumber: b.lineNumber, endColumn: b.column });
    this.editor.focus();
  }

  /** The selected text (hosts and tests). */
  getSelectedText(): string {
    const sel = this.editor?.getSelection();
    const model = this.editor?.getModel();
    return sel && model ? model.getValueInRange(sel) : '';
  }

  override async firstUpdated(): Promise<void> {
    const { monaco, client, ready } = lkLanguage();
    await ready;
    const host = this.querySelector('.lk-editor-host') as HTMLElement;
    this.editor = monaco.editor.create(host, {
      model: await this.modelFor(this.path),
      theme: 'liangku',
      automaticLayout: true,
      fontSize: 14,
      lineHeight: 22,
      fontFamily: '"JetBrains Mono", "Sarasa Mono SC", "Noto Sans Mono CJK SC", "Microsoft YaHei Mono", Menlo, Consolas, monospace',
      minimap: { enabled: false },
      readOnly: this.readOnly,
      renderWhitespace: 'none',
      scrollBeyondLastLine: false,
      wordWrap: 'off',
      fixedOverflowWidgets: true,
      // Chinese text and full-width punctuation are normal in rule packs: do not box them.
      unicodeHighlight: { ambiguousCharacters: false, invisibleCharacters: false, nonBasicASCII: false },
      lightbulb: { enabled: 'on' as unknown as Monaco.editor.ShowLightbulbIconMode },
    });
    this.editor.onDidChangeModelContent(() => {
      if (this.silent) return;
      const model = this.editor!.getModel()!;
      const path = this.path;
      const text = model.getValue();
      void client.updateFile(path, text);
      this.dispatchEvent(lkEvent<LkChangeDetail>('lk-change', { path, text }));
      this.scheduleCheck();
    });
    this.scheduleCheck(0);
  }

  override async updated(changed: Map<string, unknown>): Promise<void> {
    if (!this.editor) return;
    if (changed.has('path')) {
      this.editor.setModel(await this.modelFor(this.path));
      this.scheduleCheck(0);
    }
    if (changed.has('readOnly')) this.editor.updateOptions({ readOnly: this.readOnly });
    if (changed.has('locale')) {
      setAdapterLocale(this.locale);
      this.scheduleCheck(0);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.editor?.dispose();
    this.editor = null;
  }

  private async modelFor(path: string): Promise<Monaco.editor.ITextModel> {
    const { monaco, client } = lkLanguage();
    const uri = uriOfPath(monaco, path);
    const existing = monaco.editor.getModel(uri);
    if (existing) return existing;
    let text = this.value;
    if (text === undefined) text = (await fetchText(client, path)) ?? '';
    else await client.updateFile(path, text);
    return monaco.editor.createModel(text, LANGUAGE_ID, uri);
  }

  // A short pause coalesces a burst of keystrokes; a check takes tens of ms on the national pack
  // (bench/studio-bench.ts), so markers follow typing without a long debounce.
  private scheduleCheck(ms = 20): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.check(), ms);
  }

  /** Check the pack and refresh markers on every open model of it and its bases. */
  async check(): Promise<Analysis | null> {
    const { monaco, client } = lkLanguage();
    const pack = this.pack ?? this.path.slice(0, Math.max(0, this.path.lastIndexOf('/'))) ?? '.';
    const mine = ++this.checks;
    const analysis = await client.analyze(pack);
    // A newer check started while this one ran: its markers are the ones to show.
    if (mine !== this.checks) return analysis;
    setAdapterLocale(this.locale);
    for (const model of monaco.editor.getModels()) if (model.getLanguageId() === LANGUAGE_ID) applyMarkers(monaco, model, analysis.diagnostics);
    this.dispatchEvent(lkEvent<LkDiagnosticsDetail>('lk-diagnostics', { analysis }));
    return analysis;
  }
}

/** The worker holds the workspace's text (the bundled packs, and edits so far). */
async function fetchText(client: ReturnType<typeof lkLanguage>['client'], path: string): Promise<string | null> {
  return client.text(path);
}
