/**
 * The human report of `signals simulate`: per group a summary line per attribute (how many keys
 * have a value and what the values look like) and a table of the first keys × attributes (with a
 * note saying how to see everything), then segments with counts and a few members, then
 * interventions with firing counts and first firings, then the input summary. Pure string
 * building: the same report gives the same text.
 */
import type { ChalkInstance } from 'chalk';
import type { SimulateReport } from '../../app/simulate.js';
import type { ExplainResult, GroupResult } from '../../core/simulate/types.js';
import type { Value } from '../../core/simulate/values.js';

export interface TableOptions {
  /** Keys shown per group (default 5; a summary line per attribute covers every key). */
  maxRows?: number;
  /** Line width to fit columns into (default 120). */
  width?: number;
}

const CELL_MAX = 28;
const KEY_MAX = 36;
const MEMBERS_SHOWN = 3;
const FIRINGS_SHOWN = 3;
const BAD_LINES_SHOWN = 5;

const fmt = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, one: string, many = `${one}s`) => `${fmt(n)} ${n === 1 ? one : many}`;

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A value as a short cell: numbers rounded for reading, lists and dicts compact. */
export function displayValue(value: Value): string {
  if (value === null) return '–';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => displayValue(v)).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${k}: ${displayValue(v)}`)
    .join(', ')}}`;
}

function padCells(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
}

function groupTable(group: GroupResult, style: ChalkInstance, options: Required<TableOptions>): string[] {
  const lines: string[] = [];
  const title = `${group.name} v${group.version}`;
  lines.push(`${style.bold(title)} ${style.dim(`· ${group.source} · key ${group.attribute_key} · ${plural(group.rows.length, 'key')} with values`)}`);
  if (group.rows.length === 0) {
    lines.push(style.dim('  no key has a value at now'), '');
    return lines;
  }
  const rows = group.rows.slice(0, options.maxRows);
  if (group.rows.length > 3) lines.push(...summaryLines(group, style));
  if (rows.length <= 3 && group.rows.length <= 3) {
    // Few keys: one block per key, attribute per line, nothing cut.
    const nameWidth = Math.max(...group.attributes.map((a) => a.length));
    for (const row of rows) {
      lines.push(`  ${style.cyan(row.key)}`);
      for (const a of group.attributes) lines.push(`    ${a.padEnd(nameWidth)}  ${displayValue(row.attributes[a] ?? null)}`);
    }
    lines.push('');
    return lines;
  }
  const keyCells = rows.map((r) => truncate(r.key, KEY_MAX));
  const keyWidth = Math.max('key'.length, ...keyCells.map((k) => k.length));
  const columns = group.attributes.map((a) => {
    const cells = rows.map((r) => truncate(displayValue(r.attributes[a] ?? null), CELL_MAX));
    return { name: a, cells, width: Math.max(a.length, ...cells.map((c) => c.length)) };
  });
  // Split the attribute columns into blocks that fit the width; the key column repeats.
  const blocks: (typeof columns)[] = [];
  let current: typeof columns = [];
  let used = 2 + keyWidth;
  for (const col of columns) {
    if (current.length > 0 && used + 2 + col.width > options.width) {
      blocks.push(current);
      current = [];
      used = 2 + keyWidth;
    }
    current.push(col);
    used += 2 + col.width;
  }
  if (current.length > 0) blocks.push(current);
  let start = 1;
  for (const block of blocks) {
    if (blocks.length > 1) lines.push(style.dim(`  attributes ${start}–${start + block.length - 1} of ${columns.length}`));
    start += block.length;
    const widths = [keyWidth, ...block.map((c) => c.width)];
    lines.push('  ' + style.dim(padCells(['key', ...block.map((c) => c.name)], widths)));
    rows.forEach((_, i) => lines.push('  ' + padCells([keyCells[i] ?? '', ...block.map((c) => c.cells[i] ?? '')], widths)));
  }
  if (group.rows.length > rows.length) {
    lines.push(style.dim(`  … ${plural(group.rows.length - rows.length, 'more key')} (--key ID shows one; --format csv or --json shows all)`));
  }
  lines.push('');
  return lines;
}

/** One line per attribute: how many keys have a value, and what the values look like. */
function summaryLines(group: GroupResult, style: ChalkInstance): string[] {
  const nameWidth = Math.max('attribute'.length, ...group.attributes.map((a) => a.length));
  const keysWidth = Math.max('keys'.length, fmt(group.rows.length).length);
  const lines = ['  ' + style.dim(`${'attribute'.padEnd(nameWidth)}  ${'keys'.padStart(keysWidth)}  values`)];
  for (const a of group.attributes) {
    const values = group.rows.map((r) => r.attributes[a] ?? null).filter((v): v is Exclude<Value, null> => v !== null);
    lines.push(`  ${a.padEnd(nameWidth)}  ${fmt(values.length).padStart(keysWidth)}  ${describeValues(values)}`);
  }
  lines.push('');
  return lines;
}

/** A short description of many values: the range and mean of numbers, the commonest of the rest. */
export function describeValues(values: readonly Exclude<Value, null>[]): string {
  if (values.length === 0) return '–';
  if (values.every((v) => typeof v === 'number')) {
    const nums = values as number[];
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (const n of nums) {
      if (n < min) min = n;
      if (n > max) max = n;
      sum += n;
    }
    const mean = displayValue(Number((sum / nums.length).toPrecision(3)));
    return min === max ? `all ${displayValue(min)}` : `${displayValue(min)} to ${displayValue(max)}, mean ${mean}`;
  }
  if (values.every((v) => Array.isArray(v))) {
    const lengths = (values as unknown[][]).map((v) => v.length);
    const mean = lengths.reduce((x, y) => x + y, 0) / lengths.length;
    return `lists of ${displayValue(Math.min(...lengths))} to ${displayValue(Math.max(...lengths))} items, mean ${displayValue(Number(mean.toPrecision(3)))}`;
  }
  const counts = new Map<string, number>();
  for (const v of values) {
    const text = truncate(displayValue(v), CELL_MAX);
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  const top = [...counts].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
  const shown = top.slice(0, 3).map(([text, n]) => `${text} ${fmt(n)}`);
  return shown.join(', ') + (top.length > 3 ? `, … ${plural(top.length - 3, 'other value')}` : '');
}

function explainLines(explain: ExplainResult, style: ChalkInstance): string[] {
  const lines = [style.bold(`Explain ${explain.key}`)];
  if (explain.entries.length === 0) {
    lines.push(style.dim('  no event changed an attribute of this key'), '');
    return lines;
  }
  const eventWidth = Math.max(...explain.entries.map((e) => e.event.length));
  for (const e of explain.entries) {
    const before = truncate(displayValue(e.before), 40);
    const after = truncate(displayValue(e.after), 40);
    lines.push(`  ${style.dim(e.at)}  ${e.event.padEnd(eventWidth)}  ${style.dim(e.event_id ?? '-')}  ${e.group}:${e.attribute}  ${before} → ${style.bold(after)}`);
  }
  if (explain.truncated) lines.push(style.dim(`  … timeline cut at ${fmt(explain.entries.length)} changes`));
  lines.push('');
  return lines;
}

export function renderSimulateTable(report: SimulateReport, style: ChalkInstance, options: TableOptions = {}): string {
  const opts: Required<TableOptions> = { maxRows: options.maxRows ?? 5, width: options.width ?? 120 };
  const { result, input } = report;
  const lines: string[] = [];
  lines.push(
    `Simulated ${plural(input.events_read, 'event')} from ${plural(input.files.length, 'file')} ${style.dim(`(${fmt(input.events_used)} used)`)} at now = ${result.now ?? style.dim('none (no events)')}`,
  );
  if (report.selection.group !== undefined || report.selection.key !== undefined) {
    const parts = [report.selection.group !== undefined ? `group ${report.selection.group}` : '', report.selection.key !== undefined ? `key ${report.selection.key}` : ''].filter(Boolean);
    lines.push(style.dim(`Showing ${parts.join(', ')} only`));
  }
  lines.push('');

  for (const group of result.groups) lines.push(...groupTable(group, style, opts));
  for (const skipped of result.skipped_groups) lines.push(style.dim(`${skipped.name} v${skipped.version}: skipped — ${skipped.reason}`));
  if (result.skipped_groups.length > 0) lines.push('');
  if (result.explain) lines.push(...explainLines(result.explain, style));

  if (result.segments.length > 0) {
    const key = report.selection.key;
    lines.push(style.bold('Segments') + style.dim(key === undefined ? ' (who matches at now)' : ` (does ${key} match at now?)`));
    const width = Math.max(...result.segments.map((s) => s.name.length));
    for (const s of result.segments) {
      if (key !== undefined) {
        lines.push(`  ${s.name.padEnd(width)}  ${s.count > 0 ? style.green('yes') : style.dim('no')}`);
        continue;
      }
      const shown = s.members.slice(0, MEMBERS_SHOWN).map((m) => truncate(m, KEY_MAX));
      const more = s.members.length > shown.length ? style.dim(` (+${fmt(s.members.length - shown.length)})`) : '';
      lines.push(`  ${s.name.padEnd(width)}  ${`${fmt(s.count)} of ${fmt(s.scanned)}`.padEnd(14)}${shown.length ? `  ${shown.join(', ')}${more}` : ''}`);
    }
    lines.push('');
  }

  if (result.interventions.length > 0) {
    lines.push(style.bold('Interventions') + style.dim(' (when each would have fired)'));
    for (const i of result.interventions) {
      const count = i.firings.length;
      lines.push(`  ${i.name} v${i.version}  ${count === 0 ? style.dim('never fired') : `fired ${plural(count, 'time')}`}`);
      for (const f of i.firings.slice(0, FIRINGS_SHOWN)) {
        lines.push(style.dim(`    ${f.at}  ${f.target.name} ${f.target.id}${f.event_id ? `  event ${f.event_id}` : ''}`));
      }
      if (count > FIRINGS_SHOWN) lines.push(style.dim(`    … ${plural(count - FIRINGS_SHOWN, 'more firing')}`));
    }
    lines.push('');
  }

  lines.push(...inputLines(report, style));
  return lines.join('\n').replace(/\n+$/, '') + '\n';
}

function inputLines(report: SimulateReport, style: ChalkInstance): string[] {
  const { result, input } = report;
  const lines = [style.bold('Input')];
  for (const f of input.formats) {
    const format = f.format === undefined ? '' : ` (${f.format}${f.gzip ? ', gzip' : ''})`;
    lines.push(`  ${f.file}${style.dim(format)}  ${plural(f.events, 'event')}${f.badLines ? `, ${style.yellow(plural(f.badLines, 'bad line'))}` : ''}`);
  }
  for (const bad of input.bad_lines.slice(0, BAD_LINES_SHOWN)) lines.push(style.yellow(`    ${bad.file}:${bad.line}  ${bad.reason}`));
  if (input.bad_line_count > BAD_LINES_SHOWN) lines.push(style.dim(`    … ${plural(input.bad_line_count - BAD_LINES_SHOWN, 'more bad line')} (--json lists them)`));
  const s = result.stats.skipped;
  const skipped = [
    [s.unmatched, 'matched no attribute'],
    [s.no_timestamp, 'had no timestamp'],
    [s.before_since, 'before --since'],
    [s.after_now, 'after now'],
    [s.app_id, 'other app_id'],
    [s.duplicate, 'duplicate event_id (batch groups)'],
  ] as const;
  const parts = skipped.filter(([n]) => n > 0).map(([n, why]) => `${fmt(n)} ${why}`);
  if (parts.length > 0) lines.push(style.dim(`  not used: ${parts.join(', ')}`));
  if (result.stats.late > 0) lines.push(style.dim(`  ${plural(result.stats.late, 'event')} arrived too far out of order to be applied in event-time order`));
  if (result.stats.first_event_at) lines.push(style.dim(`  events from ${result.stats.first_event_at} to ${result.stats.last_event_at}`));
  return lines;
}
