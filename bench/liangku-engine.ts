// The benchmark pack compiled and loaded once; `audit` maps a request's findings back to the anchors' hits.
import { compilePack, memorySource } from '../compiler/index.js';
import { loadPack, evaluate, type LoadedPack, type EvalResult } from '../runtime/index.js';
import type { Artifact } from '../runtime/artifact/ir.js';
import { formatDiagnostic } from './diag-text.js';
import { packFiles, type AnchorKb } from './pack-files.js';

export interface Hit { rule: string; claimId: string; lines: number[]; amount: number }

export async function compileBenchPack(kb: AnchorKb): Promise<{ artifact: Artifact; ms: number }> {
  const t = performance.now();
  const files = packFiles(kb);
  const res = await compilePack(memorySource('bench/pack', files), {});
  const ms = performance.now() - t;
  const errors = res.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length || !res.value?.artifact) {
    throw new Error('the benchmark pack does not compile:\n' + res.diagnostics.map((d) => formatDiagnostic(d, d.file.endsWith('pack.lk') ? files['pack.lk'] : undefined)).join('\n'));
  }
  return { artifact: res.value.artifact, ms };
}

export function loadBenchPack(artifact: Artifact, mode: 'compiled' | 'interpreter'): LoadedPack {
  const res = loadPack(artifact, { mode });
  if (!res.value) throw new Error(`loadPack (${mode}) failed:\n` + res.diagnostics.map((d) => `  ${d.code}: ${d.message}`).join('\n'));
  return res.value;
}

/** Findings of one result as anchor hits (lines = violation and involved lines, ascending). */
export function hitsOf(result: EvalResult): Hit[] {
  return result.findings.map((f) => ({
    rule: f.rule_id,
    claimId: result.request_id ?? '',
    lines: f.lines.map((l) => Number(l.feedetl_sn)).sort((a, b) => a - b),
    amount: f.amount,
  }));
}

export function auditWith(pack: LoadedPack): (request: unknown) => EvalResult {
  return (request) => evaluate(pack, request);
}
