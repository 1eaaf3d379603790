// The embedding example: a host page with its own city pack in an <lk-editor>, listening to events.
import './components/define.js';

const log = document.getElementById('log')!;
const ed = document.getElementById('ed') as HTMLElement & { value: string };
const say = (s: string): void => void (log.textContent = `${s}\n${log.textContent ?? ''}`);

ed.value = `// 本市本地化：在山西省级包之上调整参数
pack city.outpatient 2024.1.0 "某市居民门诊统筹（嵌入示例）" extends shanxi.outpatient ^2024.1 {
  region "140100"
}

set annual_limit = 400 because "本市文件：年度限额提高至400元"
`;
ed.addEventListener('lk-change', (e) => say(`lk-change ${e.detail.path} (${e.detail.text.length} chars)`));
ed.addEventListener('lk-diagnostics', (e) => {
  const a = e.detail.analysis;
  const errs = a.diagnostics.filter((d) => d.severity === 'error');
  say(`lk-diagnostics ${a.pack}: ${errs.length} error(s)${errs.map((d) => `\n  ${d.code} ${d.message.zh}`).join('')}`);
});
