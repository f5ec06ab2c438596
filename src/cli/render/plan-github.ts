/**
 * The plan for GitHub Actions: the plain human plan for the log, then one workflow annotation
 * per finding (on the definition's file and line when known) and a notice with the Plan line.
 */
import { NO_CHANGES, summaryLine, type PlanTargetInfo } from '../../core/plan/document.js';
import type { Finding, Plan, PlannedChange } from '../../core/plan/types.js';
import { plainStyle as plain } from './plain-style.js';
import { renderPlanHuman } from './plan-human.js';



function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMAND: Record<Finding['severity'], string> = { error: 'error', warning: 'warning', info: 'notice' };

export function annotation(finding: Finding, change?: PlannedChange): string {
  const props: string[] = [];
  if (change?.location) props.push(`file=${escapeProperty(change.location.file)}`, `line=${change.location.line}`, `col=${change.location.column}`);
  props.push(`title=${escapeProperty(`signals plan: ${change ? change.address : finding.code}`)}`);
  const text = `${finding.message}${finding.hint ? ` (hint: ${finding.hint})` : ''} [${finding.code}]`;
  return `::${COMMAND[finding.severity]} ${props.join(',')}::${escapeData(text)}`;
}

export function renderPlanGithub(plan: Plan, target: PlanTargetInfo): string {
  const lines = [renderPlanHuman(plan, target, plain), ''];
  for (const change of plan.changes) for (const finding of change.warnings) lines.push(annotation(finding, change));
  for (const note of plan.notes) lines.push(annotation(note));
  const headline = plan.changes.length === 0 ? NO_CHANGES : summaryLine(plan.summary);
  lines.push(`::notice title=${escapeProperty(`Signals plan for ${target.name}`)}::${escapeData(headline)}`);
  return lines.join('\n') + '\n';
}
