/**
 * Machine formats of `signals simulate`: the JSON document (SPEC section 10), CSV (one row per
 * group and key, attributes as columns) and NDJSON (one record per line: a summary, then rows,
 * segments, firings and explain entries). Pure string building; deterministic.
 */
import type { SimulateReport } from '../../app/simulate.js';
import type { Value } from '../../core/simulate/values.js';

export function simulateDocument(report: SimulateReport): Record<string, unknown> {
  const { result, input } = report;
  return {
    schema_version: 1,
    now: result.now,
    input: {
      files: input.files,
      events_read: input.events_read,
      events_used: input.events_used,
      bad_lines: input.bad_lines,
      bad_line_count: input.bad_line_count,
      skipped: result.stats.skipped,
      late_events: result.stats.late,
      first_event_at: result.stats.first_event_at,
      last_event_at: result.stats.last_event_at,
    },
    groups: result.groups.map((g) => ({ name: g.name, version: g.version, attribute_key: g.attribute_key, source: g.source, rows: g.rows })),
    skipped_groups: result.skipped_groups,
    segments: result.segments.map((s) => ({ name: s.name, count: s.count, members: s.members, attribute_key: s.attribute_key, scanned: s.scanned })),
    interventions: result.interventions.map((i) => ({ name: i.name, version: i.version, attribute_key: i.attribute_key, firings: i.firings })),
    ...(result.explain ? { explain: result.explain } : {}),
    warnings: result.warnings,
    ...(report.engine ? { engine: report.engine } : {}),
  };
}

function csvCell(value: Value | string | number | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line per (group, key): `group,version,attribute_key,key,<attributes…>`; the columns are the union of the groups' attributes. */
export function renderSimulateCsv(report: SimulateReport): string {
  const columns: string[] = [];
  for (const g of report.result.groups) for (const a of g.attributes) if (!columns.includes(a)) columns.push(a);
  const lines = [['group', 'version', 'attribute_key', 'key', ...columns].map(csvCell).join(',')];
  for (const g of report.result.groups) {
    for (const row of g.rows) {
      const cells = [g.name, g.version, g.attribute_key, row.key, ...columns.map((c) => (g.attributes.includes(c) ? (row.attributes[c] ?? null) : undefined))];
      lines.push(cells.map(csvCell).join(','));
    }
  }
  return lines.join('\n') + '\n';
}

export function renderSimulateNdjson(report: SimulateReport): string {
  const doc = simulateDocument(report);
  const { result } = report;
  const lines: unknown[] = [{ type: 'summary', schema_version: 1, now: doc['now'], input: doc['input'], skipped_groups: result.skipped_groups, warnings: result.warnings }];
  for (const g of result.groups) {
    for (const row of g.rows) lines.push({ type: 'row', group: g.name, version: g.version, attribute_key: g.attribute_key, key: row.key, attributes: row.attributes });
  }
  for (const s of result.segments) lines.push({ type: 'segment', name: s.name, count: s.count, members: s.members, attribute_key: s.attribute_key, scanned: s.scanned });
  for (const i of result.interventions) {
    for (const f of i.firings) lines.push({ type: 'firing', intervention: i.name, version: i.version, target: f.target, at: f.at, event_id: f.event_id });
  }
  if (result.explain) for (const e of result.explain.entries) lines.push({ type: 'explain', key: result.explain.key, ...e });
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}
