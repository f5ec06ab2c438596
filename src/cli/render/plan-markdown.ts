/**
 * The plan as Markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`: the Plan line, a
 * table of changes with their findings, then the field diff in a collapsible `diff` block.
 */
import { NO_CHANGES, summaryLine, type PlanTargetInfo } from '../../core/plan/document.js';
import type { Finding, Plan, PlanAction } from '../../core/plan/types.js';
import { fieldLines, fieldSign } from './plan-human.js';
import { replayMarkdown } from './plan-replay.js';

const ICON: Record<PlanAction, string> = { create: '🟢 create', update: '🟡 update', publish: '🔵 publish', unpublish: '🟣 unpublish', delete: '🔴 delete' };
const SEVERITY: Record<Finding['severity'], string> = { error: '⛔', warning: '⚠️', info: 'ℹ️' };

/** Escapes text for a table cell or inline Markdown. */
function md(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\*/g, '\\*').replace(/_/g, '\\_').replace(/\n/g, ' ');
}

function findingLine(f: Finding): string {
  return `${SEVERITY[f.severity]} **${md(f.message)}**${f.hint ? ` — ${md(f.hint)}` : ''} \`${f.code}\``;
}

export function renderPlanMarkdown(plan: Plan, target: PlanTargetInfo): string {
  const out: string[] = [`### Signals plan for \`${target.name}\``, ''];
  if (plan.changes.length === 0) {
    out.push(`✅ ${NO_CHANGES}`, '');
  } else {
    out.push(`**${summaryLine(plan.summary)}**`, '');
    if (plan.blocked) out.push('> [!CAUTION]', '> Apply is blocked: fix the errors below first.', '');
    out.push('| Action | Object | Findings |', '| --- | --- | --- |');
    for (const c of plan.changes) {
      const counts = (['error', 'warning', 'info'] as const)
        .map((s) => [s, c.warnings.filter((w) => w.severity === s).length] as const)
        .filter(([, n]) => n > 0)
        .map(([s, n]) => `${SEVERITY[s]} ${n} ${s === 'info' ? 'note' : s}${n === 1 || s === 'info' ? '' : 's'}`);
      out.push(`| ${ICON[c.action]} | \`${c.kind} ${c.name}${c.version !== undefined ? `@${c.version}` : ''}\` | ${counts.join(', ') || '—'} |`);
    }
    out.push('');
    const findings = plan.changes.flatMap((c) => c.warnings.map((w) => ({ c, w })));
    if (findings.length > 0) {
      out.push('#### Findings', '');
      for (const { c, w } of findings) out.push(`- \`${c.address}\`: ${findingLine(w)}`);
      out.push('');
    }
    if (plan.replay) out.push(...replayMarkdown(plan.replay, plan.changes));
    out.push('<details><summary>Field changes</summary>', '', '```diff');
    for (const c of plan.changes) {
      const sign = c.action === 'delete' || c.action === 'unpublish' ? '-' : c.action === 'create' || c.action === 'publish' ? '+' : '!';
      out.push(`${sign} ${c.action} ${c.kind} ${c.name}${c.version !== undefined ? `@${c.version}` : ''}${c.based_on ? ` (changes from ${c.based_on.split('/')[1] ?? c.based_on})` : ''}`);
      // GitHub colours `+` green, `-` red and `!` orange in a diff block.
      if (c.action !== 'delete') {
        for (const f of c.fields) {
          const sign = fieldSign(f) === '~' ? '!' : fieldSign(f);
          for (const line of fieldLines(f)) out.push(`${sign}     ${line}`);
        }
      }
    }
    out.push('```', '', '</details>', '');
  }
  if (plan.notes.length > 0) {
    for (const n of plan.notes) out.push(`- ${findingLine(n)}`);
    out.push('');
  }
  out.push(`<sub>Target ${md(target.api_url)} · remote fingerprint \`${plan.fingerprint.slice(0, 19)}…\`</sub>`);
  return out.join('\n') + '\n';
}
