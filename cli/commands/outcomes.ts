// `liangku outcomes import FILE [--data DIR] [--skip-invalid] [--actor NAME] [--json]`: validate
// review outcomes (CSV/XLSX/JSON/JSONL) and store them in the registry database. Any invalid row
// stores nothing (exit 1) unless --skip-invalid, which stores the valid rows and lists the rest.
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { formatRowError, validateOutcomes } from '../../governance/outcomes.js';
import { readOutcomeFile } from '../../governance/read-outcomes.js';
import { openStore } from '../../server/store/open-store.js';
import { insertOutcomes } from '../../server/store/outcomes-repo.js';
import { pickLang } from '../shared/print-diagnostics.js';

const USAGE = `usage: liangku outcomes import FILE [--data DIR] [--skip-invalid] [--actor NAME] [--json]
  FILE            .csv, .xlsx, .json (array of objects) or .jsonl, one reviewed finding per row:
                  request_id or setl_id, rule_code, pack (id@version), region, institution,
                  finding_date (YYYY-MM-DD), amount_flagged, stage_reached (初审/申诉/复审/合议/终审
                  or first/appeal/review/panel/final), decision (维持/部分维持/撤销 or
                  upheld/partly/overturned; empty = pending), amount_upheld
  --data          registry data directory (default ./.liangku-data)
  --skip-invalid  store the valid rows even when some are invalid (they are listed)
  --actor         who imports (recorded in the audit trail; default cli:<user>)
`;

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args, allowPositionals: true,
      options: {
        data: { type: 'string', default: './.liangku-data' }, 'skip-invalid': { type: 'boolean', default: false },
        actor: { type: 'string' }, json: { type: 'boolean', default: false }, lang: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    process.stderr.write(`liangku outcomes: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [sub, file, ...extra] = positionals;
  if (sub !== 'import' || !file || extra.length) {
    process.stderr.write(`liangku outcomes: give \`import FILE\`.\n${USAGE}`);
    return 2;
  }
  const lang = pickLang(args);
  let raw;
  try {
    raw = await readOutcomeFile(file);
  } catch (e) {
    process.stderr.write(`liangku outcomes: cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}\n`);
    return 1;
  }
  const v = validateOutcomes(file, raw);
  for (const e of v.errors.slice(0, 200)) process.stderr.write(formatRowError(e, lang) + '\n');
  if (v.errors.length > 200) process.stderr.write(`… and ${v.errors.length - 200} more error(s)\n`);
  const skip = values['skip-invalid'];
  if (v.errors.length && !skip) {
    process.stderr.write(lang === 'zh'
      ? `共 ${v.errors.length} 处错误，未导入任何记录（改正后重试，或用 --skip-invalid 只导入有效行）\n`
      : `${v.errors.length} error(s); nothing was imported (fix them, or use --skip-invalid to import only the valid rows)\n`);
    return 1;
  }
  if (!v.outcomes.length) {
    process.stderr.write(`liangku outcomes: ${file} has no valid rows; nothing imported.\n`);
    return 1;
  }
  const store = openStore(values.data!);
  try {
    const event = insertOutcomes(store.db, v.outcomes, v.lines, {
      actor: values.actor ?? `cli:${userInfo().username}`, source: file, skipped: v.rows - v.outcomes.length,
    });
    const summary = { imported: v.outcomes.length, skipped: v.rows - v.outcomes.length, event };
    if (values.json) process.stdout.write(JSON.stringify(summary) + '\n');
    else process.stdout.write(lang === 'zh'
      ? `已导入 ${summary.imported} 条复审结果${summary.skipped ? `，跳过 ${summary.skipped} 条无效行` : ''}（审计事件 #${event}）\n`
      : `imported ${summary.imported} outcome(s)${summary.skipped ? `, skipped ${summary.skipped} invalid row(s)` : ''} (event #${event})\n`);
    return 0;
  } finally {
    store.close();
  }
}
