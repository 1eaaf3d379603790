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
`;
