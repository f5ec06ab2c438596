/**
 * Writers for generated events: Analytics-SDK lossy JSON (one line of NDJSON) and the enriched
 * TSV (131 tab-separated fields, no header). Both are pure string builders.
 */
import { ATOMIC_FIELDS } from '../atomic.js';
import {
  CONTEXTS_INDEX,
  DERIVED_CONTEXTS_INDEX,
  IS_TIMESTAMP,
  UNSTRUCT_INDEX,
  type GeneratedEvent,
  type SelfDescribing,
} from './event.js';

export type EventFormat = 'ndjson' | 'tsv';

const FIELD_COUNT = ATOMIC_FIELDS.length;
/** `"name":` for every field, ready to concatenate. */
const JSON_KEYS: readonly string[] = ATOMIC_FIELDS.map((name) => `${JSON.stringify(name)}:`);
const CONTEXTS_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0';
const UNSTRUCT_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0';

const PAD3: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const PAD2: readonly string[] = PAD3.slice(0, 60).map((p) => p.slice(1));

/** Formats timestamps fast: the date, hour and minute are computed once per minute. */
class TimestampFormatter {
  private minute = Number.NaN;
  private prefix = '';

  constructor(private readonly separator: 'T' | ' ') {}

  /** `2026-01-05T09:00:00.000` (or with a space), without the zone. */
  format(ms: number): string {
    const minute = Math.floor(ms / 60_000);
    if (minute !== this.minute) {
      this.minute = minute;
      const iso = new Date(minute * 60_000).toISOString();
      this.prefix = `${iso.slice(0, 10)}${this.separator}${iso.slice(11, 17)}`;
    }
    const rest = ms - minute * 60_000;
    const seconds = Math.floor(rest / 1000);
    return `${this.prefix}${PAD2[seconds]!}.${PAD3[rest - seconds * 1000]!}`;
  }
}

const isoFormatter = new TimestampFormatter('T');
const tsvFormatter = new TimestampFormatter(' ');

function isoTimestamp(ms: number): string {
  return `${isoFormatter.format(ms)}Z`;
}

/** `2026-01-05 09:00:00.000`, as the enriched TSV writes timestamps. */
function tsvTimestamp(ms: number): string {
  return tsvFormatter.format(ms);
}

/** Entities grouped by lossy key (vendor, name, major), in order of first appearance. */
function shredContexts(contexts: readonly SelfDescribing[]): string {
  if (contexts.length === 1) {
    const only = contexts[0]!;
    return `"${only.schema.contextsKey}":[${JSON.stringify(only.data)}]`;
  }
  const groups = new Map<string, string[]>();
  for (const c of contexts) {
    const list = groups.get(c.schema.contextsKey);
    if (list) list.push(JSON.stringify(c.data));
    else groups.set(c.schema.contextsKey, [JSON.stringify(c.data)]);
  }
  const parts: string[] = [];
  for (const [key, items] of groups) parts.push(`"${key}":[${items.join(',')}]`);
  return parts.join(',');
}

/** One event as Analytics-SDK lossy JSON: typed atomic fields, shredded entities, no empty fields. */
export function formatLossyJson(event: GeneratedEvent): string {
  const f = event.fields;
  let out = '{';
  let first = true;
  for (let i = 0; i < FIELD_COUNT; i++) {
    let piece: string | undefined;
    if (i === CONTEXTS_INDEX) {
      if (event.contexts.length > 0) piece = shredContexts(event.contexts);
    } else if (i === UNSTRUCT_INDEX) {
      if (event.unstruct) piece = `"${event.unstruct.schema.unstructKey}":${JSON.stringify(event.unstruct.data)}`;
    } else if (i === DERIVED_CONTEXTS_INDEX) {
      if (event.derivedContexts.length > 0) piece = shredContexts(event.derivedContexts);
    } else {
      const v = f[i];
      if (v === undefined) continue;
      if (IS_TIMESTAMP[i] && typeof v === 'number') piece = `${JSON_KEYS[i]}"${isoTimestamp(v)}"`;
      else if (typeof v === 'string') piece = JSON_KEYS[i] + JSON.stringify(v);
      else piece = JSON_KEYS[i] + String(v);
    }
    if (piece === undefined) continue;
    out += first ? piece : ',' + piece;
    first = false;
  }
  return out + '}';
}

function selfDescribingList(contexts: readonly SelfDescribing[]): string {
  return JSON.stringify({ schema: CONTEXTS_SCHEMA, data: contexts.map((c) => ({ schema: c.schema.uri, data: c.data })) });
}

/** One event as an enriched TSV line: exactly 131 fields, empty string for null. */
export function formatEnrichedTsv(event: GeneratedEvent): string {
  const f = event.fields;
  const cells: string[] = new Array<string>(FIELD_COUNT);
  for (let i = 0; i < FIELD_COUNT; i++) {
    if (i === CONTEXTS_INDEX) {
      cells[i] = event.contexts.length > 0 ? selfDescribingList(event.contexts) : '';
    } else if (i === UNSTRUCT_INDEX) {
      cells[i] = event.unstruct
        ? JSON.stringify({ schema: UNSTRUCT_SCHEMA, data: { schema: event.unstruct.schema.uri, data: event.unstruct.data } })
        : '';
    } else if (i === DERIVED_CONTEXTS_INDEX) {
      cells[i] = event.derivedContexts.length > 0 ? selfDescribingList(event.derivedContexts) : '';
    } else {
      const v = f[i];
      if (v === undefined) cells[i] = '';
      else if (IS_TIMESTAMP[i] && typeof v === 'number') cells[i] = tsvTimestamp(v);
      else if (typeof v === 'boolean') cells[i] = v ? '1' : '0';
      else cells[i] = String(v).replace(/[\t\r\n]/g, ' ');
    }
  }
  return cells.join('\t');
}

export function formatEvent(event: GeneratedEvent, format: EventFormat): string {
  return format === 'tsv' ? formatEnrichedTsv(event) : formatLossyJson(event);
}
