// Renders an evaluation result: values, findings (and shadow findings) with their explanations —
// the steps with the values they had, the knowledge rows used (layer, file, line), the parameters
// read (value, the layer that set it and why) — each finding linked to its rule's source.
// Plain render functions (no element of their own) shared by the test panel and the run panel.
import { html, nothing, type TemplateResult } from 'lit';
import { t, type Locale } from '../i18n.js';
import type { EvalResult, Explanation, Finding } from './server-api.js';

export interface FindingsContext {
  readonly locale: Locale;
  /** Open the source of a span whose file is `<pack id>/<path>`. */
  openSource(file: string, start: number, end: number): void;
  /** Why a parameter has its value in a layer (from the checker's history), when the runtime did not say. */
  paramReason(name: string, layer: string): string | null;
}

/** A runtime value as text; long lists are cut. */
export function showValue(v: unknown): string {
  if (v === null || v === undefined) return 'none';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.length > 6 ? `[${v.slice(0, 6).map(showValue).join(', ')}, … +${v.length - 6}]` : `[${v.map(showValue).join(', ')}]`;
  if (typeof v === 'object') {
    const s = JSON.stringify(v);
    return s.length > 160 ? `${s.slice(0, 160)}…` : s;
  }
  return String(v);
}

const yuan = (n: number): string => n.toFixed(2);

export function renderResult(r: EvalResult, ctx: FindingsContext): TemplateResult {
  const tr = (k: Parameters<typeof t>[1]): string => t(ctx.locale, k);
  const values = Object.entries(r.values ?? {});
  const shadow = r.shadow ?? [];
  return html`<div class="lk-result" data-testid="result">
    <div class="lk-result-head mono">${r.pack?.layers?.join(' → ') ?? ''} · ${tr('stage')} ${r.stage}${r.request_id ? ` · ${r.request_id}` : ''}</div>
    ${values.length
      ? html`<div class="lk-values" data-testid="values">
          ${values.map(([k, v]) => {
            const ex = r.explanations?.[k];
            return html`<details class="lk-value">
              <summary><span class="mono">${k}</span> = <span class="mono strong">${v === null ? 'none' : yuan(v)}</span></summary>
              ${ex ? renderExplanation(ex, ctx) : nothing}
            </details>`;
          })}
        </div>`
      : nothing}
    ${r.findings.length
      ? html`<div class="lk-findings" data-testid="findings">${r.findings.map((f) => renderFinding(f, ctx, false))}</div>`
      : html`<div class="lk-empty ok" data-testid="no-findings">${tr('noFindings')}</div>`}
    ${shadow.length
      ? html`<div class="lk-shadow-head">${tr('shadowFindings')}</div>
          <div class="lk-findings shadow" data-testid="shadow-findings">${shadow.map((f) => renderFinding(f, ctx, true))}</div>`
      : nothing}
    ${(r.notices ?? []).map((n) => html`<div class="lk-notice"><span class="mono">${n.code}</span> ${n.subject}: ${n.message}</div>`)}
  </div>`;
}

function renderFinding(f: Finding, ctx: FindingsContext, shadow: boolean): TemplateResult {
  const ex = f.explanation;
  const open = (e: Event): void => {
    e.preventDefault();
    e.stopPropagation();
    if (ex) ctx.openSource(ex.rule.file, ex.rule.start, ex.rule.end);
  };
  return html`<details class="lk-finding ${shadow ? 'shadow' : ''}" data-rule=${f.rule_id}>
    <summary>
      <span class="lk-grade g-${f.result}">${f.result}</span>
      <a href="#" class="mono link" data-testid="rule-link" title=${ex ? `${ex.rule.file}` : ''} @click=${open}>${f.rule_id}</a>
      <span class="strong">${f.rule_name}</span>
      <span class="mono amount">¥${yuan(f.amount)}</span>
      <span class="dim">${f.layer}</span>
      <div class="help">${f.message}</div>
      ${f.lines.length ? html`<div class="dim mono">${f.lines.map((l) => `#${l.feedetl_sn} ${l.role}${l.amount !== undefined ? ` ¥${yuan(l.amount)}` : ''}`).join(' · ')}</div>` : nothing}
    </summary>
    ${ex ? renderExplanation(ex, ctx) : html`<div class="dim">${t(ctx.locale, 'noExplanation')}</div>`}
  </details>`;
}

export function renderExplanation(ex: Explanation, ctx: FindingsContext): TemplateResult {
  const tr = (k: Parameters<typeof t>[1]): string => t(ctx.locale, k);
  return html`<div class="lk-explain" data-testid="explanation">
    ${ex.steps.length
      ? html`<table class="lk-mini"><thead><tr><th>${tr('step')}</th><th>${tr('expression')}</th><th>${tr('valueWas')}</th></tr></thead><tbody>
          ${ex.steps.map(
            (s) => html`<tr><td class="mono dim">${s.kind}</td><td class="mono">${s.text}</td><td class="mono strong">${showValue(s.value)}</td></tr>`,
          )}
        </tbody></table>`
      : nothing}
    ${ex.params.length
      ? html`<table class="lk-mini" data-testid="explain-params"><thead><tr><th>${tr('param')}</th><th>${tr('effective')}</th><th>${tr('setBy')}</th><th>${tr('reason')}</th></tr></thead><tbody>
          ${ex.params.map(
            (p) => html`<tr><td class="mono">${p.name}</td><td class="mono strong">${showValue(p.value)}</td><td class="mono layer">${p.layer}</td><td>${p.reason ?? ctx.paramReason(p.name, p.layer) ?? '—'}</td></tr>`,
          )}
        </tbody></table>`
      : nothing}
    ${ex.knowledge.length
      ? html`<table class="lk-mini" data-testid="explain-knowledge"><thead><tr><th>${tr('table')}</th><th>${tr('key')}</th><th>${tr('row')}</th><th>${tr('source')}</th></tr></thead><tbody>
          ${ex.knowledge.map(
            (k) => html`<tr><td class="mono">${k.table}</td><td class="mono">${k.key.map(showValue).join(', ')}</td><td class="mono">${showValue(k.row)}</td><td class="mono">${k.layer}<div class="dim">${k.file}:${k.line}</div></td></tr>`,
          )}
        </tbody></table>`
      : nothing}
    <div class="dim">${tr('ruleSource')}: <a href="#" class="mono link" @click=${(e: Event) => (e.preventDefault(), ctx.openSource(ex.rule.file, ex.rule.start, ex.rule.end))}>${ex.rule.file}</a> (${ex.rule.layer})</div>
  </div>`;
}
