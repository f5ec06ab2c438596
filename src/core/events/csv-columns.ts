/**
 * Warehouse CSV exports (Snowflake, BigQuery, Databricks, dbt seeds) to lossy events. The header
 * is compiled once into a plan per column; each row is then converted cell by cell:
 * - names in any case (Snowflake exports are UPPER CASE), `refr_dvce_tstamp` → `refr_device_tstamp`;
 * - `contexts_<v>_<n>_<major>[_<minor>_<patch>]` cells hold a JSON list of entities, kept under
 *   `contexts_<v>_<n>_<major>`; several minor versions of one major are joined in header order;
 * - `unstruct_event_<v>_<n>_<major>[_<minor>_<patch>]` cells hold the event's JSON object (a
 *   one-element list is unwrapped); the first non-empty column of a major wins;
 * - atomic fields are typed (ints, doubles, booleans `true/false/1/0`, timestamps to ISO);
 * - an empty cell is null (omitted); JSON `null`, `[]` and `{}` are omitted too.
 * Field names inside entity JSON are kept as exported (snake_case or camelCase).
 */
import { isAtomicField } from '../atomic.js';
import { atomicValueType, convertCell, ownString, quote, type AtomicValueType } from './atomic-types.js';
import type { SnowplowEvent } from './event.js';
import { completeEvent, identityFromKey, type UnstructIdentity } from './identity.js';
import { addContexts, addUnstruct } from './lossless.js';
import { normaliseEventKey } from './lossy.js';
import type { LineResult } from './tsv.js';

type ColumnKind = 'value' | 'contexts' | 'unstruct' | 'lossless-contexts' | 'lossless-unstruct';

interface Column {
  /** Header name as written. */
  name: string;
  /** Lossy key. */
  key: string;
  kind: ColumnKind;
  type: AtomicValueType;
  /** For unstruct columns: the lower-cased name after `unstruct_event_`, version suffix included. */
  schemaBody?: string;
}

export interface CsvColumns {
  readonly columns: readonly Column[];
}

export type HeaderResult = { ok: true; columns: CsvColumns } | { ok: false; reason: string };

/** Whether a header name is one this reader understands (used to recognise a CSV header). */
export function isKnownEventColumn(name: string): boolean {
  const key = normaliseEventKey(name.trim());
  return isAtomicField(key) || key.startsWith('contexts_') || key.startsWith('unstruct_event_') || key === 'load_tstamp';
}

/** Compile a header row. It must name at least one atomic field or self-describing column. */
export function compileCsvHeader(names: readonly string[]): HeaderResult {
  const trimmed = names.map((n) => n.trim());
  if (!trimmed.some(isKnownEventColumn)) {
    return { ok: false, reason: `the header names no Snowplow event column (first: ${quote(trimmed[0] ?? '')})` };
  }
  const columns: Column[] = trimmed.map((name) => {
    const key = normaliseEventKey(name);
    if (isAtomicField(key)) {
      const type = atomicValueType(key);
      if (type !== 'json') return { name, key, kind: 'value', type };
      return { name, key, kind: key === 'unstruct_event' ? 'lossless-unstruct' : 'lossless-contexts', type };
    }
    if (key.startsWith('contexts_')) return { name, key, kind: 'contexts', type: 'json' };
    if (key.startsWith('unstruct_event_')) {
      return { name, key, kind: 'unstruct', type: 'json', schemaBody: name.toLowerCase().slice('unstruct_event_'.length) };
    }
    return { name, key, kind: 'value', type: key === 'load_tstamp' ? 'timestamp' : 'string' };
  });
  return { ok: true, columns: { columns } };
}

/** Convert one row of cells (already split) to a lossy event. */
export function convertCsvRow(header: CsvColumns, cells: readonly string[], delimiterName = 'comma'): LineResult {
  const columns = header.columns;
  if (cells.length !== columns.length) {
    return { ok: false, reason: `expected ${columns.length} ${delimiterName}-separated fields as in the header, found ${cells.length}` };
  }
  const event: SnowplowEvent = {};
  let unstructColumn: Column | undefined;
  let unstruct: UnstructIdentity | undefined;
  for (let i = 0; i < columns.length; i++) {
    const cell = cells[i] as string;
    if (cell === '') continue;
    const col = columns[i] as Column;
    switch (col.kind) {
      case 'value': {
        if (event[col.key] !== undefined) break;
        if (col.type === 'string') {
          event[col.key] = ownString(cell);
          break;
        }
        const r = convertCell(col.name, col.type, cell);
        if (!r.ok) return r;
        event[col.key] = r.value;
        break;
      }
      case 'contexts': {
        const parsed = parseCell(col, cell);
        if (!parsed.ok) return parsed;
        const v = parsed.value;
        if (v === null || (Array.isArray(v) && v.length === 0)) break;
        if (typeof v !== 'object') return { ok: false, reason: `${col.name} holds neither a list nor an object of entity data` };
        const list = Array.isArray(v) ? v : [v];
        const existing = event[col.key];
        event[col.key] = Array.isArray(existing) ? existing.concat(list) : list;
        break;
      }
      case 'unstruct': {
        if (event[col.key] !== undefined) break;
        const parsed = parseCell(col, cell);
        if (!parsed.ok) return parsed;
        const v: unknown = Array.isArray(parsed.value) ? parsed.value[0] : parsed.value;
        if (v === null || v === undefined) break;
        if (typeof v !== 'object') return { ok: false, reason: `${col.name} does not hold an event object` };
        if (Object.keys(v).length === 0) break;
        event[col.key] = v;
        unstructColumn ??= col;
        break;
      }
      case 'lossless-contexts': {
        const r = addContexts(event, cell, col.name);
        if (!r.ok) return r;
        break;
      }
      case 'lossless-unstruct': {
        const r = addUnstruct(event, cell, col.name);
        if (!r.ok) return r;
        unstruct = r.unstruct;
        break;
      }
    }
  }
  if (unstruct === undefined && unstructColumn?.schemaBody !== undefined && identityIncomplete(event)) {
    const name = event['event_name'];
    unstruct = identityFromKey(unstructColumn.schemaBody, typeof name === 'string' ? name : undefined);
  }
  const reason = completeEvent(event, unstruct);
  return reason === undefined ? { ok: true, event } : { ok: false, reason };
}

function identityIncomplete(event: SnowplowEvent): boolean {
  return event['event'] === undefined || event['event_vendor'] === undefined || event['event_name'] === undefined || event['event_version'] === undefined;
}

function parseCell(col: Column, cell: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(cell) };
  } catch (e) {
    return { ok: false, reason: `${col.name} is not valid JSON (${(e as Error).message})` };
  }
}
