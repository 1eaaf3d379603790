// <lk-knowledge-view>: the effective knowledge tables of the pack as served
// (GET /api/packs/:id/:version): pick a table, search by key or any text, page through the rows
// (national tables have ~9,000), and see each row's validity and provenance — which layer added or
// replaced it, in which file and line. Light DOM; rows are filtered in the page (the artifact is
// fetched once per version and cached by server-api.ts).
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { ServerPanel } from './server-panel.js';
import { t, type Locale, type MessageKey } from '../i18n.js';
import { fetchArtifact, type Artifact } from './server-api.js';
import { showValue } from './findings-view.js';
import { loadRows } from '../../compiler/knowledge/load-table.js';
import type { Diagnostic } from '../../dsl/diagnostics/diagnostic.js';

/** A file picked for import, validated in the page against the table's declared columns. */
export interface ImportCheck {
  readonly file: string;
  readonly table: string;
  readonly errors: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
  readonly lines: readonly number[];
  /** Rows whose key already has a row in the table (they would add a new period or replace it). */
  readonly existing: number;
}

/**
 * Validate a CSV/XLSX/JSON file against a table's columns with the compiler's own loader
 * (`loadRows`: the errors a `liangku build` would give, each naming the row and the column).
 */
export async function checkImport(table: Table, file: string, bytes: Uint8Array): Promise<ImportCheck> {
  const diags: Diagnostic[] = [];
  const loaded = await loadRows(file, file, bytes, table.columns, diags);
  const keyIdx = table.key.map((k) => table.columns.findIndex((c) => c.name === k));
  const keyOf = (r: readonly unknown[]): string => keyIdx.map((i) => String(r[i] ?? '')).join('\u0001');
  const known = new Set(table.rows.map(keyOf));
  return {
    file,
    table: table.name,
    errors: diags.filter((d) => d.severity === 'error').map((d) => `${file}: ${d.message.zh}`),
    rows: loaded.rows,
    lines: loaded.lines,
    existing: loaded.rows.filter((r) => known.has(keyOf(r))).length,
  };
}

type Table = Artifact['tables'][number];
const PAGE = 50;

/** Row indexes of `table` matching `query`: key cells equal to it first, then any cell containing it. */
export function searchRows(table: Table, query: string): number[] {
  const q = query.trim().toLowerCase();
  const all = table.rows.map((_, i) => i);
  if (!q) return all;
  const keyCols = table.key.map((k) => table.columns.findIndex((c) => c.name === k)).filter((i) => i >= 0);
  const exact: number[] = [];
  const partial: number[] = [];
  for (const i of all) {
    const row = table.rows[i]!;
    if (keyCols.some((c) => String(row[c] ?? '').toLowerCase() === q)) exact.push(i);
    else if (row.some((v) => v !== null && showValue(v).toLowerCase().includes(q))) partial.push(i);
  }
  return [...exact, ...partial];
}

export class LkKnowledgeView extends ServerPanel {
  static override properties = {
    ...ServerPanel.properties,
    artifact: { state: true },
    error: { state: true },
    table: { state: true },
    query: { state: true },
    page: { state: true },
    imported: { state: true },
  };

  declare artifact: Artifact | null;
  declare error: string | null;
  declare table: string;
  declare query: string;
  declare page: number;
  declare imported: ImportCheck | null;
  private loadedFor = '';

  constructor() {
    super();
    this.artifact = null;
    this.error = null;
    this.table = '';
    this.query = '';
    this.page = 0;
    this.imported = null;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override willUpdate(): void {
    const key = `${this.packId}@${this.version}`;
    if (this.server && this.packId && this.version && key !== this.loadedFor) {
      this.loadedFor = key;
      this.artifact = null;
      this.error = null;
      void fetchArtifact(this.registry, this.packId, this.version).then((a) => {
        if (a.ok) {
          this.artifact = a.value;
          if (!a.value.tables.some((x) => x.name === this.table)) this.table = [...a.value.tables].sort((x, y) => y.rows.length - x.rows.length)[0]?.name ?? '';
        } else this.error = `${this.tr('notPublished')}: ${a.error}`;
      });
    }
  }

  private tr = (k: MessageKey): string => t(this.locale, k);

  override render(): TemplateResult {
    if (!this.server) return html`<div class="lk-empty">${this.tr('noServer')}</div>`;
    if (this.error) return html`<div class="lk-error">${this.error}</div>`;
    const a = this.artifact;
    if (!a) return html`<div class="lk-empty">${this.tr('loading')}</div>`;
    const tb = a.tables.find((x) => x.name === this.table);
    const hits = tb ? searchRows(tb, this.query) : [];
    const pages = Math.max(1, Math.ceil(hits.length / PAGE));
    const page = Math.min(this.page, pages - 1);
    const shown = hits.slice(page * PAGE, page * PAGE + PAGE);
    return html`<div class="lk-toolbar">
        <label>${this.tr('table')}
          <select data-testid="kb-table" @change=${(e: Event) => ((this.table = (e.target as HTMLSelectElement).value), (this.page = 0))}>
            ${a.tables.map((x) => html`<option value=${x.name} ?selected=${x.name === this.table}>${x.name} · ${x.title} (${x.rows.length})</option>`)}
          </select></label>
        <input type="search" data-testid="kb-search" placeholder=${this.tr('search')} .value=${this.query} @input=${(e: Event) => ((this.query = (e.target as HTMLInputElement).value), (this.page = 0))} style="min-width:240px" />
        <span class="dim" data-testid="kb-count">${hits.length ? page * PAGE + 1 : 0}–${page * PAGE + shown.length} / ${hits.length} · ${this.tr('rowsOf')} ${tb?.rows.length ?? 0}</span>
        <button class="lk-go plain" data-testid="kb-prev" ?disabled=${page === 0} @click=${() => (this.page = page - 1)}>${this.tr('prev')}</button>
        <span class="dim">${page + 1} / ${pages}</span>
        <button class="lk-go plain" data-testid="kb-next" ?disabled=${page >= pages - 1} @click=${() => (this.page = page + 1)}>${this.tr('next')}</button>
        <span class="dim mono">${a.manifest.id}@${a.manifest.version}</span>
        <label class="lk-go plain kb-import" title=${this.zh ? '选择 CSV / XLSX 文件，按本表声明的列校验' : 'Pick a CSV / XLSX file; it is checked against the columns this table declares'}>
          ${this.zh ? '导入 CSV/XLSX…' : 'Import CSV/XLSX…'}
          <input type="file" data-testid="kb-import-file" accept=".csv,.xlsx,.json" hidden @change=${(e: Event) => this.pick(e, tb)} />
        </label>
      </div>
      ${this.imported && tb && this.imported.table === tb.name ? this.renderImport(tb, this.imported) : nothing}
      ${tb ? this.renderTable(tb, shown) : nothing}`;
  }

  private get zh(): boolean {
    return this.locale !== 'en';
  }

  private async pick(e: Event, tb: Table | undefined): Promise<void> {
    const input = e.target as HTMLInputElement;
    const f = input.files?.[0];
    if (!f || !tb) return;
    this.imported = await checkImport(tb, f.name, new Uint8Array(await f.arrayBuffer()));
    input.value = ''; // picking the same file again re-checks it
  }

  private renderImport(tb: Table, im: ImportCheck): TemplateResult {
    const close = html`<button class="lk-go plain" data-testid="kb-import-close" @click=${() => (this.imported = null)}>×</button>`;
    if (im.errors.length) {
      return html`<div class="lk-import bad" data-testid="kb-import-errors">
        <b>${this.zh ? `${im.file}：${im.errors.length} 处错误，未导入（改正后重新选择文件）` : `${im.file}: ${im.errors.length} error(s), nothing imported (fix them and pick the file again)`}</b> ${close}
        <ul>${im.errors.map((m) => html`<li class="mono">${m}</li>`)}</ul>
      </div>`;
    }
    const cols = tb.columns.map((c, i) => [c, i] as const);
    return html`<div class="lk-import ok" data-testid="kb-import-preview">
      <b data-testid="kb-import-count">${this.zh
        ? `${im.file}：${im.rows.length} 行可导入（新增 ${im.rows.length - im.existing}，已有键 ${im.existing}）`
        : `${im.file}: ${im.rows.length} row(s) to add (${im.rows.length - im.existing} new keys, ${im.existing} existing)`}</b>
      <span class="dim">${this.zh ? '校验通过：把这些行加入该表的数据文件，然后构建并发布。' : 'Valid: add these rows to the table\'s data file, then build and publish.'}</span> ${close}
      <table class="lk-table kb"><thead><tr><th>${this.zh ? '行' : 'row'}</th>${cols.map(([c]) => html`<th>${c.name}</th>`)}</tr></thead>
        <tbody>${im.rows.slice(0, 20).map((r, i) => html`<tr><td class="mono dim">${im.lines[i]}</td>${cols.map(([, j]) => html`<td>${r[j] === null || r[j] === undefined ? '' : showValue(r[j])}</td>`)}</tr>`)}</tbody>
      </table>
      ${im.rows.length > 20 ? html`<div class="dim">… ${im.rows.length - 20}</div>` : nothing}
    </div>`;
  }

  private renderTable(tb: Table, rows: readonly number[]): TemplateResult {
    // Key columns, then validity and provenance (what a reviewer asks first), then the other columns.
    const order = [...tb.columns.keys()].sort((x, y) => Number(tb.columns[y]!.key) - Number(tb.columns[x]!.key));
    const keys = order.filter((c) => tb.columns[c]!.key);
    const rest = order.filter((c) => !tb.columns[c]!.key);
    const head = (c: number): TemplateResult => {
      const col = tb.columns[c]!;
      return html`<th title=${col.type}>${col.key ? html`<span class="lk-badge on">${this.tr('key')}</span> ` : nothing}${col.name}<div class="dim">${col.title}</div></th>`;
    };
    const cell = (row: readonly unknown[], c: number): TemplateResult => {
      const v = row[c];
      const text = v === null || v === undefined ? '' : showValue(v);
      return html`<td class=${tb.columns[c]!.key ? 'mono strong' : ''} title=${text}>${text === '' ? html`<span class="dim">—</span>` : text}</td>`;
    };
    return html`<table class="lk-table kb" data-testid="kb-rows">
      <thead><tr>
        ${keys.map(head)}
        <th>${this.tr('validFrom')}</th><th>${this.tr('validTo')}</th><th>${this.tr('provenance')}</th>
        ${rest.map(head)}
      </tr></thead>
      <tbody>
        ${rows.map((i) => {
          const row = tb.rows[i]!;
          const [from, to, supersedes] = tb.validity[i] ?? [null, null, null];
          const prov = tb.provenance[tb.rowProvenance[i] ?? 0];
          return html`<tr class="lk-row" data-row=${i}>
            ${keys.map((c) => cell(row, c))}
            <td class="mono">${from ?? '—'}</td>
            <td class="mono">${to ?? '—'}${supersedes ? html`<div class="dim">⟵ ${supersedes}</div>` : nothing}</td>
            <td class="mono kb-prov"><span class="layer">${prov?.layer ?? ''}</span> <span class="dim">${prov?.action ?? ''}</span><div class="dim">${prov?.file ?? ''}:${tb.rowSource[i] ?? ''}</div></td>
            ${rest.map((c) => cell(row, c))}
          </tr>`;
        })}
      </tbody>
    </table>`;
  }
}
