// The studio's stylesheet. Components render in light DOM (Monaco's CSS is global), so the sheet is
// adopted by the document once.
let done = false;

export function studioStyles(): void {
  if (done || typeof document === 'undefined') return;
  done = true;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

const CSS = `
lk-studio { display:block; height:100%; font-family: "PingFang SC","Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",system-ui,sans-serif; color:#1f2328; font-size:13px; }
lk-editor { display:block; height:100%; min-height:120px; }
.lk-studio { display:grid; height:100%; grid-template-columns: 260px 1fr; grid-template-rows: 48px 1fr 240px; grid-template-areas: "top top" "nav main" "nav panel"; background:#f6f7f9; }
.lk-top { grid-area:top; display:flex; align-items:center; justify-content:space-between; padding:0 14px; background:#0f3d6e; color:#fff; }
.lk-brand { display:flex; align-items:baseline; gap:10px; }
.lk-logo { background:#fff; color:#0f3d6e; font-weight:800; border-radius:6px; padding:2px 7px; font-size:15px; }
.lk-title { font-size:16px; font-weight:600; }
.lk-sub { opacity:.75; font-size:12px; }
.lk-actions { display:flex; align-items:center; gap:8px; }
.lk-status { font-size:12px; opacity:.85; margin-right:8px; }
.lk-btn { border:1px solid rgba(255,255,255,.35); background:transparent; color:#fff; border-radius:5px; padding:5px 12px; cursor:pointer; font:inherit; }
.lk-btn:hover { background:rgba(255,255,255,.12); }
.lk-btn.lk-primary { background:#e8a317; border-color:#e8a317; color:#1f2328; font-weight:600; }
.lk-explorer { grid-area:nav; overflow:auto; background:#fff; border-right:1px solid #d8dde3; padding:8px 0; }
.lk-explorer h2 { font-size:12px; text-transform:uppercase; letter-spacing:.08em; color:#57606a; margin:4px 14px 8px; }
.lk-pack { margin:0 6px 6px; border-radius:6px; }
.lk-pack.active { background:#eef4fb; }
.lk-pack-head { padding:7px 8px; cursor:pointer; border-radius:6px; }
.lk-pack-head:hover { background:#f0f3f6; }
.lk-pack-name { font-weight:600; font-size:14px; }
.lk-pack-id { color:#57606a; font-family:ui-monospace,monospace; font-size:11px; margin-left:6px; }
.lk-pack-title { color:#57606a; font-size:12px; margin-top:2px; }
.lk-badge { display:inline-block; font-size:11px; padding:0 6px; border-radius:9px; background:#eaeef2; color:#57606a; margin-left:4px; }
.lk-badge.on { background:#0f3d6e; color:#fff; }
.lk-files { list-style:none; margin:0 0 4px; padding:0 0 0 14px; }
.lk-files li { padding:3px 8px; cursor:pointer; border-radius:4px; font-family:ui-monospace,monospace; font-size:12px; }
.lk-files li::before { content:""; display:inline-block; width:7px; height:7px; border-radius:2px; margin-right:7px; background:#0f3d6e; vertical-align:middle; }
.lk-files li.json::before { background:#e8a317; border-radius:50%; }
.lk-lock { font-family:inherit; font-size:10px; background:#eaeef2; color:#57606a; border-radius:8px; padding:0 5px; margin-left:4px; }
.dot { display:inline-block; width:16px; height:16px; line-height:16px; text-align:center; border-radius:50%; color:#fff; font-size:10px; font-weight:700; font-family:ui-monospace,monospace; }
.dot.error { background:#cf222e; } .dot.warning { background:#bf8700; } .dot.info { background:#0969da; }
.lk-files li:hover { background:#e6ebf1; }
.lk-files li.on { background:#d0e2f7; }
.lk-main { grid-area:main; display:flex; flex-direction:column; min-width:0; min-height:0; background:#fff; }
.lk-tabs { display:flex; background:#eef1f4; border-bottom:1px solid #d8dde3; overflow-x:auto; min-height:34px; }
.lk-tab { padding:7px 12px; cursor:pointer; border-right:1px solid #d8dde3; white-space:nowrap; font-family:ui-monospace,monospace; font-size:12px; color:#57606a; }
.lk-tab.on { background:#fff; color:#1f2328; box-shadow: inset 0 2px 0 #0f3d6e; }
.lk-x { margin-left:8px; opacity:.5; } .lk-x:hover { opacity:1; }
.lk-editor-wrap { flex:1; min-height:0; }
.lk-panel { grid-area:panel; display:flex; flex-direction:column; background:#fff; border-top:1px solid #d8dde3; min-width:0; min-height:0; }
.lk-panel-tabs { display:flex; gap:2px; padding:0 8px; border-bottom:1px solid #e3e7eb; }
.lk-ptab { border:none; background:none; padding:8px 12px; cursor:pointer; font:inherit; color:#57606a; border-bottom:2px solid transparent; }
.lk-ptab.on { color:#0f3d6e; border-bottom-color:#0f3d6e; font-weight:600; }
.lk-count { background:#eaeef2; border-radius:9px; padding:0 6px; font-size:11px; }
.lk-count.bad { background:#cf222e; color:#fff; }
.lk-panel-body { flex:1; overflow:auto; }
.lk-table { width:100%; border-collapse:collapse; }
.lk-table th { text-align:left; font-weight:600; color:#57606a; font-size:12px; padding:6px 10px; border-bottom:1px solid #e3e7eb; position:sticky; top:0; background:#fff; }
.lk-table td { padding:5px 10px; border-bottom:1px solid #f0f2f4; vertical-align:top; }
.lk-row { cursor:pointer; } .lk-row:hover { background:#f3f7fc; }
.lk-row.changed td.strong { color:#9a6700; }
.mono { font-family:ui-monospace,monospace; font-size:12px; }
.strong { font-weight:600; }
.dim, .was { color:#8c959f; font-size:11px; }
.help { color:#57606a; font-size:12px; margin-top:2px; }
.link { color:#0969da; }
.sev { width:20px; }
.del { color:#a40e26; } .add { color:#116329; }
.pass { color:#116329; font-weight:600; } .fail { color:#cf222e; font-weight:600; }
.lk-empty { padding:18px; color:#57606a; } .lk-empty.ok { color:#116329; }
.lk-test-note { margin:8px 10px; padding:8px 10px; border-radius:6px; font-size:12px; }
.lk-test-note.warn { background:#fff8c5; border:1px solid #eac54f; }
.lk-test-note.ok { background:#dafbe1; border:1px solid #4ac26b; }
.lk-diff-head { padding:8px 10px; font-family:ui-monospace,monospace; color:#57606a; }
.k-set { background:#fff1c2; color:#7d4e00; } .k-disable { background:#ffebe9; color:#a40e26; } .k-add-rule,.k-add-param { background:#dafbe1; color:#116329; } .k-regrade { background:#ddf4ff; color:#0550ae; }
.lk-studio.tall { grid-template-rows: 48px minmax(150px,1fr) 58%; }
.lk-tests { padding:0 10px 10px; }
.lk-test { border:1px solid #e3e7eb; border-radius:6px; margin:6px 0; padding:6px 10px; background:#fff; }
.lk-test.ok { border-left:3px solid #2da44e; } .lk-test.bad { border-left:3px solid #cf222e; background:#fff8f8; }
.lk-test-head { display:flex; gap:10px; align-items:baseline; flex-wrap:wrap; }
.lk-test-status { min-width:64px; }
.lk-test-name { color:#1f2328; text-decoration:none; font-weight:600; } .lk-test-name:hover { text-decoration:underline; }
.lk-checks { list-style:none; margin:4px 0 0; padding:0 0 0 74px; }
.lk-checks li { padding:1px 0; }
.lk-test-result > summary, .lk-value > summary { cursor:pointer; color:#0969da; font-size:12px; padding:2px 0 0 74px; }
.lk-value > summary { padding-left:0; color:#1f2328; }
.lk-result { padding:6px 0; }
.lk-result-head { color:#57606a; margin-bottom:4px; }
.lk-values { margin:4px 0 8px; }
.lk-finding { border:1px solid #e3e7eb; border-radius:6px; margin:6px 0; padding:6px 10px; background:#fcfdfe; }
.lk-finding.shadow { border-style:dashed; background:#f6f8fa; }
.lk-finding > summary { cursor:pointer; }
.lk-finding > summary > * { margin-right:8px; }
.lk-finding .amount { color:#a40e26; font-weight:600; }
.lk-grade { display:inline-block; border-radius:9px; padding:0 7px; font-size:11px; font-weight:600; background:#eaeef2; }
.lk-grade.g-definite { background:#ffebe9; color:#a40e26; } .lk-grade.g-suspect { background:#fff1c2; color:#7d4e00; } .lk-grade.g-reminder { background:#ddf4ff; color:#0550ae; }
.lk-shadow-head { margin-top:10px; color:#57606a; font-weight:600; }
.lk-notice { color:#7d4e00; font-size:12px; }
.lk-explain { margin:6px 0 2px 14px; padding-left:10px; border-left:2px solid #d0e2f7; }
.lk-mini { border-collapse:collapse; margin:4px 0 8px; width:100%; }
.lk-mini th { text-align:left; font-size:11px; color:#57606a; font-weight:600; padding:2px 8px; border-bottom:1px solid #e3e7eb; }
.lk-mini td { padding:2px 8px; border-bottom:1px solid #f3f4f6; vertical-align:top; word-break:break-all; }
.lk-mini td.layer { color:#0550ae; white-space:nowrap; }
.lk-toolbar { display:flex; gap:8px; align-items:center; flex-wrap:wrap; padding:8px 10px; border-bottom:1px solid #eef0f2; position:sticky; top:0; background:#fff; z-index:2; }
.lk-toolbar select, .lk-toolbar input { font:inherit; padding:3px 6px; border:1px solid #d0d7de; border-radius:5px; background:#fff; }
.lk-toolbar .lk-go { border:1px solid #0f3d6e; background:#0f3d6e; color:#fff; border-radius:5px; padding:4px 14px; cursor:pointer; font:inherit; }
.lk-toolbar .lk-go.plain { background:#fff; color:#0f3d6e; }
.lk-toolbar .lk-go:disabled { opacity:.5; cursor:default; }
.lk-split { display:grid; grid-template-columns: minmax(280px, 40%) 1fr; gap:10px; padding:8px 10px; }
.lk-split textarea { width:100%; box-sizing:border-box; min-height:380px; font-family:ui-monospace,monospace; font-size:12px; border:1px solid #d0d7de; border-radius:6px; padding:6px; resize:vertical; }
.lk-error { color:#cf222e; padding:6px 10px; }
.lk-modal-back { position:fixed; inset:0; background:rgba(15,30,50,.35); display:flex; align-items:center; justify-content:center; z-index:50; } .lk-modal { background:#fff; border-radius:8px; padding:16px 20px; width:560px; max-width:92vw; box-shadow:0 10px 40px rgba(0,0,0,.25); } .lk-modal h3 { margin:0 0 12px; font-size:16px; } .lk-field { display:flex; gap:8px; align-items:baseline; margin:8px 0; } .lk-field.col { flex-direction:column; align-items:stretch; } .lk-field textarea, .lk-field input { font:inherit; padding:6px; border:1px solid #d0d7de; border-radius:4px; } .lk-modal-actions { display:flex; justify-content:flex-end; gap:8px; margin-top:12px; } .lk-modal .lk-btn.plain { color:#1f2328; background:#f6f8fa; border:1px solid #d0d7de; } .lk-answer { margin-top:10px; padding:8px 10px; border-radius:6px; } .lk-answer.ok { background:#f0fff4; border:1px solid #aceebb; } .lk-answer.bad { background:#fff1f0; border:1px solid #ffb3ad; color:#82071e; } .lk-answer ul { margin:6px 0 0; padding-left:18px; }
.lk-import { margin:6px 10px; padding:8px 10px; border-radius:6px; border:1px solid #d0d7de; } .lk-import.bad { background:#fff1f0; border-color:#ffb3ad; color:#82071e; } .lk-import.ok { background:#f0fff4; border-color:#aceebb; } .lk-import ul { margin:6px 0 0; padding-left:18px; } .lk-import table { margin-top:6px; } .kb-import { cursor:pointer; }
.lk-pager { display:flex; gap:8px; align-items:center; padding:6px 10px; color:#57606a; }
.lk-state { display:inline-block; border-radius:9px; padding:0 7px; font-size:11px; font-weight:600; }
.lk-state.s-shadow { background:#fff1c2; color:#7d4e00; } .lk-state.s-retired { background:#ffebe9; color:#a40e26; } .lk-state.s-active { background:#dafbe1; color:#116329; } .lk-state.s-draft { background:#eaeef2; color:#57606a; }
tr.st-shadow td { background:#fffbea; } tr.st-retired td { background:#fff5f5; }
.lk-table th.sortable { cursor:pointer; user-select:none; } .lk-table th.sortable:hover { color:#0f3d6e; }
.lk-table th.sorted { color:#0f3d6e; }
.lk-table td.num, .lk-table th.num { text-align:right; font-variant-numeric:tabular-nums; }
.lk-gov { display:grid; grid-template-columns: 1fr 380px; gap:10px; padding:0 10px 10px; }
.lk-gov > table { align-self:start; }
.lk-gov th { white-space:nowrap; }
.lk-chart { border:1px solid #e3e7eb; border-radius:6px; padding:8px; background:#fff; align-self:start; position:sticky; top:50px; }
.lk-chart h3 { margin:0 0 6px; font-size:13px; }
.lk-chart svg { display:block; width:100%; height:auto; }
.lk-table.kb td { max-width:240px; white-space:nowrap; overflow:hidden; text-overflow:ellipsis; }
.lk-table.kb td.kb-prov { max-width:none; } .kb-prov .layer { color:#0550ae; }
.lk-table.kb th { white-space:nowrap; }
tr.sel td { background:#eef4fb !important; }
.lk-sdiff-h { margin:12px 10px 4px; font-size:13px; color:#24292f; }
.lk-empty.small { padding:4px 12px; font-size:12px; }
.lk-sdiff .lk-toolbar { position:static; }
.lk-fields, .lk-moved, .lk-sdiff-other { margin:0; padding-left:16px; }
.lk-fields li, .lk-moved li { word-break:break-all; }
.lk-claims { padding:4px 10px; }
.lk-sdiff .lk-badge, .lk-sdiff th { white-space:nowrap; }
`;
