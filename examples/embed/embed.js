// The host page's own script: give <lk-editor> a city pack over the bundled Shanxi base, and log
// every event of both components. `window.lkEvents` keeps them for tests and curious hosts.
const log = document.getElementById('log');
const ed = document.getElementById('ed');
const studio = document.getElementById('studio');
window.lkEvents = [];

function say(source, name, text) {
  window.lkEvents.push({ source, name, text });
  log.textContent = `${source} ${name} ${text}\n${log.textContent}`;
}

ed.value = `// 本市本地化：在山西省级包之上调整参数
pack city.outpatient 2024.1.0 "某市居民门诊统筹（嵌入示例）" extends shanxi.outpatient ^2024.1 {
  region "140100"
}

set annual_limit = 400 because "本市文件：年度限额提高至400元"
`;

const errorsOf = (a) => a.diagnostics.filter((d) => d.severity === 'error');
for (const [source, el] of [['editor', ed], ['studio', studio]]) {
  el.addEventListener('lk-change', (e) => {
    say(source, 'lk-change', `${e.detail.path} (${e.detail.text.length} chars)`);
  });
  el.addEventListener('lk-diagnostics', (e) => {
    const a = e.detail.analysis;
    const errs = errorsOf(a);
    say(source, 'lk-diagnostics', `${a.pack}: ${errs.length} error(s)${errs.map((d) => `\n  ${d.code} ${d.message.zh}`).join('')}`);
  });
}
studio.addEventListener('lk-test-run', (e) => say('studio', 'lk-test-run', `${e.detail.packId}@${e.detail.version}: ${e.detail.tests.length} test(s), runner ${e.detail.runner}`));
studio.addEventListener('lk-publish', (e) => {
  say('studio', 'lk-publish', `${e.detail.packId}@${e.detail.version}: ${Object.keys(e.detail.files).length} file(s), ${e.detail.errors} error(s)`);
});
