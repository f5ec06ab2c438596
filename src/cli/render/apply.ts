/** What apply did: one line per change (done, failed, skipped), then a closing sentence. */
import type { ChalkInstance } from 'chalk';
import type { ApplyResult } from '../../app/apply.js';
import type { PlanTargetInfo } from '../../core/plan/document.js';

export interface ApplyCounts {
  done: number;
  failed: number;
  skipped: number;
}

export function countResults(results: readonly ApplyResult[]): ApplyCounts {
  const counts = { done: 0, failed: 0, skipped: 0 };
  for (const r of results) counts[r.status]++;
  return counts;
}

export function resultLabel(r: Pick<ApplyResult, 'action' | 'kind' | 'name' | 'version'>): string {
  return `${r.action} ${r.kind} ${r.name}${r.version !== undefined ? `@${r.version}` : ''}`;
}

export function renderResultLine(r: ApplyResult, style: ChalkInstance): string {
  if (r.status === 'done') return `${style.green('✓')} ${resultLabel(r)}`;
  if (r.status === 'failed') return `${style.red('✗')} ${resultLabel(r)}: ${r.error ?? 'failed'}`;
  return `${style.dim('○')} ${resultLabel(r)}: ${style.dim(r.error ?? 'skipped')}`;
}

export function renderApplyHuman(results: readonly ApplyResult[], target: PlanTargetInfo, style: ChalkInstance): string {
  const counts = countResults(results);
  const lines = results.map((r) => renderResultLine(r, style));
  lines.push('');
  if (counts.failed === 0 && counts.skipped === 0) {
    lines.push(style.green.bold(`Apply complete: ${counts.done} change${counts.done === 1 ? '' : 's'} applied to target ${target.name}.`));
  } else {
    lines.push(style.red.bold(`Apply incomplete on target ${target.name}: ${counts.done} done, ${counts.failed} failed, ${counts.skipped} skipped.`));
    lines.push('Fix the problem and run `signals apply` again: it plans afresh and only does what is left.');
  }
  return lines.join('\n');
}

export function applyDocument(results: readonly ApplyResult[], target: PlanTargetInfo) {
  return {
    schema_version: 1,
    target: target.name,
    api_url: target.api_url,
    ok: results.every((r) => r.status === 'done'),
    results: results.map((r) => ({
      action: r.action,
      kind: r.kind,
      name: r.name,
      ...(r.version !== undefined ? { version: r.version } : {}),
      address: r.address,
      status: r.status,
      ...(r.error !== undefined ? { error: r.error } : {}),
    })),
    summary: countResults(results),
  };
}
