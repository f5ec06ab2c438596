/**
 * `plan --replay` in the human and Markdown plans: under each group change, the attributes whose
 * values change (how many keys, a before → after summary, a few example keys) and the segments
 * whose membership moves; under each intervention change, the targets it gains and loses.
 */
import type { ChalkInstance } from 'chalk';
import type { AttributeReplay, ChangeReplay, GroupReplay, InterventionReplay, ReplayInput, SegmentReplay, ValueSummary } from '../../core/replay/types.js';
import type { Value } from '../../core/simulate/values.js';

const n = (x: number) => x.toLocaleString('en-US');
const plural = (count: number, word: string, many = `${word}s`) => `${n(count)} ${count === 1 ? word : many}`;

/** A value in one line: strings quoted, long ones cut. */
export function shortValue(v: Value): string {
  const text = v === null ? 'null' : JSON.stringify(v);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

/** A long identifier shortened for examples (UUIDs to their first block). */
export function shortKey(key: string): string {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(key) ? `${key.slice(0, 8)}…` : key.length > 24 ? `${key.slice(0, 23)}…` : key;
}

function side(s: ValueSummary): string {
  switch (s.kind) {
    case 'none':
      return 'no values';
    case 'number':
      return `mean ${n(s.mean)}, min ${n(s.min)}, max ${n(s.max)}`;
    case 'string':
      return s.top.map((t) => `${shortValue(t.value)} ×${n(t.keys)}`).join(', ') + (s.distinct > s.top.length ? ` (${n(s.distinct)} distinct)` : '');
    case 'boolean':
      return `true ×${n(s.true)}, false ×${n(s.false)}`;
    case 'list':
      return `mean length ${n(s.mean_length)}${s.top.length > 0 ? `; most common ${s.top.map((t) => `${shortValue(t.value)} ×${n(t.keys)}`).join(', ')}` : ''}`;
    default:
      return `${plural(s.keys, 'value')} of mixed types`;
  }
}

/** `mean 2.1 → 1.5, min 0, max 6 → 4`: one summary, or both with arrows where they differ. */
export function describeSummaries(before: ValueSummary, after: ValueSummary): string {
  if (before.kind === 'number' && after.kind === 'number') {
    const part = (label: string, b: number, a: number) => (b === a ? `${label} ${n(a)}` : `${label} ${n(b)} → ${n(a)}`);
    return [part('mean', before.mean, after.mean), part('min', before.min, after.min), part('max', before.max, after.max)].join(', ');
  }
  if (before.kind === 'boolean' && after.kind === 'boolean') return `true ×${n(before.true)} → ×${n(after.true)}, false ×${n(before.false)} → ×${n(after.false)}`;
  if (before.kind === 'none') return side(after);
  if (after.kind === 'none') return `was ${side(before)}`;
  return `${side(before)} → ${side(after)}`;
}

function keysWithValue(s: ValueSummary): number {
  return s.keys;
}

function attributeLine(a: AttributeReplay): { sign: '~' | '+' | '-'; text: string } {
  if (a.status === 'added') return { sign: '+', text: `new: values for ${plural(keysWithValue(a.after), 'key')} · ${side(a.after)}` };
  if (a.status === 'removed') return { sign: '-', text: `no longer computed (had values for ${plural(keysWithValue(a.before), 'key')})` };
  const counts = a.before.keys === a.after.keys ? '' : ` · values for ${n(a.before.keys)} → ${n(a.after.keys)} keys`;
  return { sign: '~', text: `${n(a.keys_changed)} of ${plural(a.keys_compared, 'key')} change${counts} · ${describeSummaries(a.before, a.after)}` };
}

function segmentText(s: SegmentReplay): string {
  const moves = [s.joined > 0 ? `${n(s.joined)} join` : '', s.left > 0 ? `${n(s.left)} leave` : ''].filter(Boolean).join(', ');
  return `segment ${s.name}: ${n(s.before)} → ${plural(s.after, 'member')} (${moves})`;
}

function groupLines(r: GroupReplay, style: ChalkInstance): string[] {
  const compared = r.compared_with === null ? 'new on the target' : `compared with ${r.compared_with} on the target`;
  if (r.not_computed !== undefined) return [`${style.bold('replay')} ${style.dim(`(${compared})`)}: not computed: ${r.not_computed}`];
  const changed = r.attributes.filter((a) => a.status !== 'unchanged');
  const unchanged = r.attributes.length - changed.length;
  const keys = r.keys.before === r.keys.after ? plural(r.keys.after, 'key') : `${n(r.keys.before)} → ${plural(r.keys.after, 'key')}`;
  const headline =
    changed.length === 0
      ? `no value changes (${plural(r.attributes.length, 'attribute')} over ${keys})`
      : `${n(changed.length)} of ${plural(r.attributes.length, 'attribute')} ${changed.length === 1 ? 'changes' : 'change'} over ${keys}`;
  const lines = [`${style.bold('replay')} ${style.dim(`(${compared})`)}: ${headline}`];
  const width = Math.max(0, ...changed.map((a) => a.name.length));
  for (const a of changed) {
    const { sign, text } = attributeLine(a);
    const color = sign === '+' ? style.green : sign === '-' ? style.red : style.yellow;
    lines.push(`  ${color(sign)} ${a.name.padEnd(width)}  ${text}`);
    if (a.status === 'changed') for (const e of a.examples) lines.push(style.dim(`      ${shortKey(e.key)}: ${shortValue(e.before)} → ${shortValue(e.after)}`));
  }
  if (changed.length > 0 && unchanged > 0) lines.push(style.dim(`  = ${plural(unchanged, 'other attribute')} unchanged`));
  for (const s of r.segments) lines.push(`  ${segmentText(s)}`);
  return lines;
}

/** `fires for 18 targets (was 20): 2 gained, 4 lost, 1 at another time`. */
export function interventionHeadline(r: InterventionReplay): string {
  const when = r.hypothetical ? ' if published' : '';
  const now = `fires${when} for ${plural(r.targets.after, 'target')}`;
  if (r.targets.gained + r.targets.lost + r.targets.retimed === 0 && r.firings.before === r.firings.after) return `no change: ${now}, as before`;
  const was = !r.published.before && !r.hypothetical ? 'not published before' : `was ${n(r.targets.before)}`;
  const moves = [r.targets.gained > 0 ? `${n(r.targets.gained)} gained` : '', r.targets.lost > 0 ? `${n(r.targets.lost)} lost` : '', r.targets.retimed > 0 ? `${n(r.targets.retimed)} at another time` : '']
    .filter(Boolean)
    .join(', ');
  const firings = r.firings.after !== r.targets.after || r.firings.before !== r.targets.before ? `; ${n(r.firings.before)} → ${plural(r.firings.after, 'firing')}` : '';
  return `${now} (${was})${moves ? `: ${moves}` : ''}${firings}`;
}

function interventionLines(r: InterventionReplay, style: ChalkInstance): string[] {
  const compared = r.compared_with === null ? 'new on the target' : `compared with ${r.compared_with} on the target`;
  const lines = [`${style.bold('replay')} ${style.dim(`(${compared})`)}: ${interventionHeadline(r)}`];
  for (const f of r.examples.gained) lines.push(`  ${style.green('+')} ${f.target.name} ${f.target.id} at ${f.at}`);
  for (const f of r.examples.lost) lines.push(`  ${style.red('-')} ${f.target.name} ${f.target.id} ${style.dim(`(fired at ${f.at})`)}`);
  for (const f of r.examples.retimed) lines.push(`  ${style.yellow('~')} ${f.target.name} ${f.target.id} at ${f.before} → ${f.after}`);
  return lines;
}

/** Interventions the plan leaves alone that fire differently because the groups they read change. */
export function affectedLines(input: ReplayInput, style: ChalkInstance): string[] {
  if ((input.affected_interventions ?? []).length === 0) return [];
  const lines = [style.bold('Also fires differently (not changed by this plan, reads changed attributes):')];
  for (const r of input.affected_interventions ?? []) {
    lines.push(`  ${style.yellow('~')} Intervention ${r.name}@${r.version}: ${interventionHeadline(r)}`);
    lines.push(...interventionLines(r, style).slice(1).map((l) => `  ${l}`));
  }
  return lines;
}

/** The replay lines of one change, unindented. */
export function replayLines(replay: ChangeReplay, style: ChalkInstance): string[] {
  return replay.kind === 'AttributeGroup' ? groupLines(replay, style) : interventionLines(replay, style);
}

/** `Replayed 1,059 events from events.ndjson (now 2026-01-05T12:00:00.000Z); 2 bad lines skipped.` */
export function replayInputLine(input: ReplayInput): string {
  const bad = input.bad_line_count > 0 ? `; ${plural(input.bad_line_count, 'bad line')} skipped` : '';
  return `Replayed ${plural(input.events_read, 'event')} from ${input.files.join(', ')}${input.now ? ` (now ${input.now})` : ''}${bad}.`;
}

// ------------------------------------------------------------------ Markdown

const md = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\*/g, '\\*').replace(/_/g, '\\_');

/** The "Behaviour on replayed events" section of the Markdown plan. */
export function replayMarkdown(input: ReplayInput, changes: readonly { kind: string; name: string; version?: number; replay?: ChangeReplay }[]): string[] {
  const out = ['#### Behaviour on replayed events', '', md(replayInputLine(input)), ''];
  const replayed = changes.filter((c) => c.replay !== undefined);
  if (replayed.length === 0) out.push('No attribute group or intervention changes to replay.', '');
  for (const r of input.affected_interventions ?? []) {
    out.push(`⚠️ **\`Intervention ${r.name}@${r.version}\`** is not changed by this plan but reads changed attributes: ${md(interventionHeadline(r))}`, '');
  }
  for (const c of replayed) {
    const r = c.replay as ChangeReplay;
    const title = `**\`${c.kind} ${c.name}${c.version !== undefined ? `@${c.version}` : ''}\`** ${r.compared_with === null ? '(new on the target)' : `compared with \`${r.compared_with}\``}`;
    if (r.kind === 'Intervention') {
      out.push(`${title}: ${md(interventionHeadline(r))}`, '');
      const examples = [
        ...r.examples.gained.map((f) => `+ ${f.target.name} ${f.target.id} at ${f.at}`),
        ...r.examples.lost.map((f) => `- ${f.target.name} ${f.target.id} (fired at ${f.at})`),
        ...r.examples.retimed.map((f) => `! ${f.target.name} ${f.target.id} at ${f.before} → ${f.after}`),
      ];
      if (examples.length > 0) out.push('```diff', ...examples, '```', '');
      continue;
    }
    if (r.not_computed !== undefined) {
      out.push(`${title}: not computed (${md(r.not_computed)})`, '');
      continue;
    }
    const changed = r.attributes.filter((a) => a.status !== 'unchanged');
    out.push(`${title} — ${r.keys.before === r.keys.after ? plural(r.keys.after, 'key') : `${n(r.keys.before)} → ${plural(r.keys.after, 'key')}`}`, '');
    if (changed.length === 0) {
      out.push(`No value changes (${plural(r.attributes.length, 'attribute')}).`, '');
    } else {
      out.push('| Attribute | Keys changed | Before | After | Examples |', '| --- | --- | --- | --- | --- |');
      for (const a of changed) {
        const name = `\`${a.name}\`${a.status === 'added' ? ' (new)' : a.status === 'removed' ? ' (removed)' : ''}`;
        const examples = a.examples.map((e) => `\`${md(shortKey(e.key))}\`: ${md(shortValue(e.before))} → ${md(shortValue(e.after))}`).join('<br>');
        out.push(`| ${name} | ${n(a.keys_changed)} / ${n(a.keys_compared)} | ${md(a.status === 'added' ? '—' : side(a.before))} | ${md(a.status === 'removed' ? '—' : side(a.after))} | ${examples || '—'} |`);
      }
      const unchanged = r.attributes.length - changed.length;
      if (unchanged > 0) out.push('', `${plural(unchanged, 'other attribute')} unchanged.`);
      out.push('');
    }
    for (const s of r.segments) out.push(`- ${md(segmentText(s))}`);
    if (r.segments.length > 0) out.push('');
  }
  return out;
}
