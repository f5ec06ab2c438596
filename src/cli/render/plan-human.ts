/**
 * The human plan: one block per change (`+ create AttributeGroup travel_view@1`), its changed
 * fields with `+ ~ -` and before → after, its findings with hints, then the Plan line.
 */
import type { ChalkInstance } from 'chalk';
import { NO_CHANGES, summaryLine, type PlanTargetInfo } from '../../core/plan/document.js';
import type { FieldChange, Finding, Plan, PlanAction, PlannedChange } from '../../core/plan/types.js';
import { affectedLines, replayInputLine, replayLines } from './plan-replay.js';
import { fieldKey, formatValue } from './plan-values.js';

const SYMBOL: Record<PlanAction, string> = { create: '+', update: '~', publish: '↑', unpublish: '↓', delete: '-' };

function actionColor(style: ChalkInstance, action: PlanAction): ChalkInstance {
  switch (action) {
    case 'create':
      return style.green;
    case 'update':
      return style.yellow;
    case 'publish':
      return style.cyan;
    case 'unpublish':
      return style.magenta;
    default:
      return style.red;
  }
}

export function fieldSign(field: FieldChange): '+' | '-' | '~' {
  return field.before === undefined ? '+' : field.after === undefined ? '-' : '~';
}

/** `path: value` or `path: before → after`, without the sign. */
export function fieldText(field: FieldChange): string {
  const key = fieldKey(field.path);
  if (field.before === undefined) return `${field.path}: ${formatValue(field.after, key)}`;
  if (field.after === undefined) return `${field.path}: ${formatValue(field.before, key)}`;
  return `${field.path}: ${formatValue(field.before, key)} → ${formatValue(field.after, key)}`;
}

/** Longest one-line field before an added or removed object is shown one sub-field per line. */
const MAX_LINE = 100;

/**
 * The lines of one field change: `path: value` (or `before → after`), or, for an added or
 * removed object too long for one line, `path:` then one line per sub-field.
 */
export function fieldLines(field: FieldChange): string[] {
  const value = field.before === undefined ? field.after : field.after === undefined ? field.before : undefined;
  const text = fieldText(field);
  if (value === undefined || text.length <= MAX_LINE || typeof value !== 'object' || value === null || Array.isArray(value)) return [text];
  const entries = Object.entries(value as Record<string, unknown>).filter(([k, v]) => !(k === 'name' && typeof v === 'string'));
  return [`${field.path}:`, ...entries.map(([k, v]) => `    ${k}: ${formatValue(v, k)}`)];
}

export function renderField(field: FieldChange, style: ChalkInstance): string {
  const sign = fieldSign(field);
  const color = sign === '+' ? style.green : sign === '-' ? style.red : style.yellow;
  return fieldLines(field)
    .map((line, i) => `${i === 0 ? color(sign) : color(' ')} ${line}`)
    .join('\n    ');
}

export function renderFinding(finding: Finding, style: ChalkInstance, indent: string): string[] {
  const tag =
    finding.severity === 'error' ? style.red.bold('! error') : finding.severity === 'warning' ? style.yellow('! warning') : style.blue('i note');
  const lines = [`${indent}${tag} ${finding.message} ${style.dim(`[${finding.code}]`)}`];
  if (finding.hint) lines.push(`${indent}  ${style.dim('hint:')} ${finding.hint}`);
  return lines;
}

export function changeHeader(change: PlannedChange): string {
  return `${SYMBOL[change.action]} ${change.action} ${change.kind} ${change.name}${change.version !== undefined ? `@${change.version}` : ''}`;
}

export function renderChange(change: PlannedChange, style: ChalkInstance): string[] {
  const color = actionColor(style, change.action);
  const where = change.location ? style.dim(`  (${change.location.file}:${change.location.line})`) : '';
  const lines = [color.bold(changeHeader(change)) + where];
  if (change.based_on) lines.push(`    ${style.dim(`new version; changes from ${change.based_on.split('/')[1] ?? change.based_on}:`)}`);
  const fields = change.action === 'delete' ? [] : change.fields;
  for (const field of fields) lines.push(`    ${renderField(field, style)}`);
  if (change.action === 'delete' && change.remote?.is_published) lines.push(`    ${style.dim('(unpublished first, then deleted)')}`);
  for (const finding of change.warnings) lines.push(...renderFinding(finding, style, '    '));
  if (change.replay) lines.push(...replayLines(change.replay, style).map((line) => `    ${line}`));
  return lines;
}

export function renderPlanHuman(plan: Plan, target: PlanTargetInfo, style: ChalkInstance): string {
  const lines: string[] = [`${style.bold('Target')} ${target.name} ${style.dim(`(${target.api_url})`)}`, ''];
  if (plan.replay) lines.splice(1, 0, style.dim(replayInputLine(plan.replay)));
  if (plan.changes.length === 0) {
    lines.push(style.green(NO_CHANGES));
  } else {
    for (const change of plan.changes) lines.push(...renderChange(change, style), '');
  }
  if (plan.replay && (plan.replay.affected_interventions ?? []).length > 0) lines.push(...affectedLines(plan.replay, style), '');
  if (plan.notes.length > 0) {
    if (plan.changes.length === 0) lines.push('');
    for (const note of plan.notes) lines.push(...renderFinding(note, style, ''));
    lines.push('');
  }
  if (plan.changes.length > 0) lines.push(style.bold(summaryLine(plan.summary)));
  if (plan.blocked) {
    const errors = [...plan.changes.flatMap((c) => c.warnings), ...plan.notes].filter((f) => f.severity === 'error').length;
    lines.push(style.red(`Apply is blocked by ${errors} error${errors === 1 ? '' : 's'} above.`));
  }
  return lines.join('\n');
}
