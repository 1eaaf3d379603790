// A small inline-SVG trend chart for one rule over months: bars = hits (left scale), line = the
// false-positive rate with its 95% Wilson band (right scale, 0–100%). No chart library.
import { svg, html, type TemplateResult } from 'lit';
import type { RuleStats } from './server-api.js';

const W = 360;
const H = 190;
const PAD = { l: 34, r: 34, t: 12, b: 34 };

export function trendChart(months: readonly RuleStats[], labels: { hits: string; fp: string }): TemplateResult {
  const rows = [...months].sort((a, b) => (a.group ?? '').localeCompare(b.group ?? ''));
  if (!rows.length) return html`<div class="dim">—</div>`;
  const iw = W - PAD.l - PAD.r;
  const ih = H - PAD.t - PAD.b;
  const maxHits = Math.max(1, ...rows.map((r) => r.hits));
  const step = iw / rows.length;
  const x = (i: number): number => PAD.l + step * i + step / 2;
  const yHits = (n: number): number => PAD.t + ih - (n / maxHits) * ih;
  const yRate = (p: number): number => PAD.t + ih - p * ih;
  const reviewed = rows.map((r, i) => ({ r, i })).filter(({ r }) => r.reviewed > 0);
  const line = reviewed.map(({ r, i }) => `${x(i).toFixed(1)},${yRate(r.fp.p).toFixed(1)}`).join(' ');
  const band = reviewed.length
    ? [...reviewed.map(({ r, i }) => `${x(i).toFixed(1)},${yRate(r.fp.hi).toFixed(1)}`), ...[...reviewed].reverse().map(({ r, i }) => `${x(i).toFixed(1)},${yRate(r.fp.lo).toFixed(1)}`)].join(' ')
    : '';
  const every = Math.max(1, Math.ceil(rows.length / 6));
  return html`<svg viewBox="0 0 ${W} ${H}" role="img" data-testid="trend-chart" aria-label="${labels.hits} / ${labels.fp}">
    ${svg`
      ${[0, 0.5, 1].map((p) => svg`<line x1=${PAD.l} x2=${W - PAD.r} y1=${yRate(p)} y2=${yRate(p)} stroke="#eaeef2" />
        <text x=${W - PAD.r + 4} y=${yRate(p) + 4} font-size="10" fill="#cf222e">${Math.round(p * 100)}%</text>`)}
      <text x=${PAD.l - 4} y=${PAD.t + 4} font-size="10" fill="#57606a" text-anchor="end">${maxHits}</text>
      <text x=${PAD.l - 4} y=${PAD.t + ih + 4} font-size="10" fill="#57606a" text-anchor="end">0</text>
      ${rows.map((r, i) => svg`<rect class="bar" data-month=${r.group ?? ''} x=${x(i) - step * 0.35} width=${step * 0.7} y=${yHits(r.hits)} height=${PAD.t + ih - yHits(r.hits)} fill="#c8d9ee"><title>${r.group}: ${r.hits} hits, FP ${(r.fp.p * 100).toFixed(1)}% (${(r.fp.lo * 100).toFixed(1)}–${(r.fp.hi * 100).toFixed(1)}%)</title></rect>`)}
      ${band ? svg`<polygon points=${band} fill="#cf222e" fill-opacity="0.12" />` : ''}
      ${line ? svg`<polyline class="fp-line" points=${line} fill="none" stroke="#cf222e" stroke-width="2" />` : ''}
      ${reviewed.map(({ r, i }) => svg`<circle cx=${x(i)} cy=${yRate(r.fp.p)} r="2.5" fill="#cf222e" />`)}
      ${rows.map((r, i) => (i % every === 0 ? svg`<text x=${x(i)} y=${H - PAD.b + 14} font-size="10" fill="#57606a" text-anchor="middle">${r.group}</text>` : ''))}
      <rect x=${PAD.l} y=${H - 12} width="10" height="8" fill="#c8d9ee" /><text x=${PAD.l + 14} y=${H - 4} font-size="10" fill="#57606a">${labels.hits}</text>
      <line x1=${PAD.l + 90} x2=${PAD.l + 104} y1=${H - 8} y2=${H - 8} stroke="#cf222e" stroke-width="2" /><text x=${PAD.l + 108} y=${H - 4} font-size="10" fill="#57606a">${labels.fp} (95%)</text>
    `}
  </svg>`;
}
