/**
 * Value types of the atomic fields in the lossy JSON shape, and conversion of their text forms
 * (enriched TSV cells, warehouse CSV cells) to typed values. Fields not listed are strings.
 */
import { ATOMIC_FIELDS, TIMESTAMP_FIELDS } from '../atomic.js';
import { parseTimestamp } from './timestamp.js';

export type AtomicValueType = 'string' | 'int' | 'double' | 'bool' | 'timestamp' | 'json';

const INT_FIELDS = [
  'txn_id', 'domain_sessionidx', 'page_urlport', 'refr_urlport', 'ti_quantity',
  'pp_xoffset_min', 'pp_xoffset_max', 'pp_yoffset_min', 'pp_yoffset_max',
  'br_viewwidth', 'br_viewheight', 'dvce_screenwidth', 'dvce_screenheight', 'doc_width', 'doc_height',
];
const DOUBLE_FIELDS = [
  'geo_latitude', 'geo_longitude', 'se_value', 'tr_total', 'tr_tax', 'tr_shipping', 'ti_price',
  'tr_total_base', 'tr_tax_base', 'tr_shipping_base', 'ti_price_base',
];
const BOOL_FIELDS = [
  'br_features_pdf', 'br_features_flash', 'br_features_java', 'br_features_director', 'br_features_quicktime',
  'br_features_realplayer', 'br_features_windowsmedia', 'br_features_gears', 'br_features_silverlight',
  'br_cookies', 'dvce_ismobile',
];
const JSON_FIELDS = ['contexts', 'unstruct_event', 'derived_contexts'];

const TYPES = new Map<string, AtomicValueType>();
for (const f of INT_FIELDS) TYPES.set(f, 'int');
for (const f of DOUBLE_FIELDS) TYPES.set(f, 'double');
for (const f of BOOL_FIELDS) TYPES.set(f, 'bool');
for (const f of TIMESTAMP_FIELDS) TYPES.set(f, 'timestamp');
for (const f of JSON_FIELDS) TYPES.set(f, 'json');

/** The lossy-JSON type of an atomic field (`string` for unknown names). */
export function atomicValueType(field: string): AtomicValueType {
  return TYPES.get(field) ?? 'string';
}

/** Types in enriched-TSV column order. */
export const TSV_FIELD_TYPES: readonly AtomicValueType[] = ATOMIC_FIELDS.map((f) => atomicValueType(f));

/** Result of converting one text cell: the value, or why it is not valid for its field. */
export type CellResult = { ok: true; value: unknown } | { ok: false; reason: string };

const TRUE_TEXT = new Set(['1', 'true', 'TRUE', 'True', 't']);
const FALSE_TEXT = new Set(['0', 'false', 'FALSE', 'False', 'f']);

/**
 * Convert a non-empty text cell of a scalar atomic type. `json` cells are handled by the
 * readers (they expand into several keys), so they are returned unchanged here.
 */
export function convertCell(field: string, type: AtomicValueType, text: string): CellResult {
  switch (type) {
    case 'string':
      return { ok: true, value: ownString(text) };
    case 'json':
      return { ok: true, value: text };
    case 'int': {
      const n = Number(text);
      if (!Number.isInteger(n) || text.trim() === '') return invalid(field, 'an integer', text);
      return { ok: true, value: n };
    }
    case 'double': {
      const n = Number(text);
      if (!Number.isFinite(n) || text.trim() === '') return invalid(field, 'a number', text);
      return { ok: true, value: n };
    }
    case 'bool':
      if (TRUE_TEXT.has(text)) return { ok: true, value: true };
      if (FALSE_TEXT.has(text)) return { ok: true, value: false };
      return invalid(field, 'a boolean (1/0, true/false)', text);
    case 'timestamp': {
      const ts = parseTimestamp(text);
      return ts === undefined ? invalid(field, 'a timestamp', text) : { ok: true, value: ts };
    }
  }
}

function invalid(field: string, what: string, text: string): CellResult {
  return { ok: false, reason: `${field} is not ${what}: ${quote(text)}` };
}

/**
 * A copy of `text` that does not share memory with the string it was cut from. `split` and
 * `slice` return views into the parent string (a whole decoded chunk of the file), so one kept
 * value (an attribute key held by the engine for the whole run) would otherwise keep megabytes
 * of input alive. Concatenating and slicing back makes V8 flatten into a fresh string.
 */
export function ownString(text: string): string {
  return text.length < 13 ? text : (text + ' ').slice(0, -1);
}

/** A value quoted for a message, shortened so that a reason stays one readable line. */
export function quote(text: string, max = 60): string {
  const short = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(short);
}
