/**
 * Self-describing JSON to lossy keys. The lossless (Scala `toJson(false)`, Snowplow Micro
 * `/micro/good`) and enriched-TSV forms hold entities as
 * `{schema: ".../contexts/...", data: [{schema, data}, ...]}` and the event as
 * `{schema: ".../unstruct_event/...", data: {schema, data}}`; the lossy form groups entity data
 * under `contexts_<vendor>_<name>_<major>` and the event data under
 * `unstruct_event_<vendor>_<name>_<major>`.
 */
import { contextsKey, parseIgluUri, unstructKey, type SnowplowEvent } from './event.js';
import type { UnstructIdentity } from './identity.js';
import { quote } from './atomic-types.js';
import { rebuildEvent } from './lossy.js';

export type SelfDescribingResult = { ok: true; unstruct?: UnstructIdentity } | { ok: false; reason: string };

const OK: SelfDescribingResult = { ok: true };

/**
 * Add the entities of a `contexts` or `derived_contexts` value to `event`. Accepts the JSON text
 * (TSV cells), the wrapper object, a bare list of `{schema, data}`, and the empty forms (`null`,
 * `""`, `[]`, `{}`). Entities already under a key stay first: called for `contexts` then
 * `derived_contexts`, derived entities come after custom ones.
 */
export function addContexts(event: SnowplowEvent, value: unknown, field: string): SelfDescribingResult {
  const parsed = parseJsonText(value, field);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  if (v === null || v === undefined) return OK;
  let items: unknown;
  if (Array.isArray(v)) items = v;
  else if (typeof v === 'object') {
    items = (v as Record<string, unknown>)['data'];
    if (items === undefined && Object.keys(v).length === 0) return OK;
  } else return { ok: false, reason: `${field} is not a contexts object` };
  if (!Array.isArray(items)) return { ok: false, reason: `${field} has no data list` };
  for (const item of items) {
    const sdj = selfDescribing(item, field);
    if (!sdj.ok) return sdj;
    const key = sdj.info.contextsKey;
    const list = event[key];
    if (Array.isArray(list)) list.push(sdj.data);
    else event[key] = [sdj.data];
  }
  return OK;
}

/**
 * Add the self-describing event of an `unstruct_event` value to `event`. Accepts the JSON text,
 * the `{schema: unstruct_event, data: {schema, data}}` wrapper, the inner `{schema, data}` alone,
 * and the empty forms. Returns the event's schema, which identifies the event.
 */
export function addUnstruct(event: SnowplowEvent, value: unknown, field: string): SelfDescribingResult {
  const parsed = parseJsonText(value, field);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  if (v === null || v === undefined) return OK;
  if (typeof v !== 'object' || Array.isArray(v)) return { ok: false, reason: `${field} is not a self-describing event` };
  const outer = v as Record<string, unknown>;
  if (Object.keys(outer).length === 0) return OK;
  const inner = isWrapper(outer['schema']) ? outer['data'] : outer;
  if (inner === null || inner === undefined) return OK;
  const sdj = selfDescribing(inner, field);
  if (!sdj.ok) return sdj;
  const { info } = sdj;
  event[info.unstructKey] = sdj.data;
  return { ok: true, unstruct: { vendor: info.vendor, name: info.name, version: info.version } };
}

const LOSSLESS_FIELDS: ReadonlySet<string> = new Set(['contexts', 'derived_contexts', 'unstruct_event']);

/**
 * Convert a lossless event: a new object without nulls, with normalised keys, and with its
 * `contexts`, `derived_contexts` and `unstruct_event` fields replaced by lossy keys (custom
 * entities first, then derived ones). Timestamps are left to the caller.
 */
export function convertLosslessEvent(input: Record<string, unknown>): { ok: true; event: SnowplowEvent; unstruct?: UnstructIdentity } | { ok: false; reason: string } {
  const event = rebuildEvent(input, LOSSLESS_FIELDS);
  const c = addContexts(event, input['contexts'], 'contexts');
  if (!c.ok) return c;
  const d = addContexts(event, input['derived_contexts'], 'derived_contexts');
  if (!d.ok) return d;
  const u = addUnstruct(event, input['unstruct_event'], 'unstruct_event');
  if (!u.ok) return u;
  return u.unstruct ? { ok: true, event, unstruct: u.unstruct } : { ok: true, event };
}

function isWrapper(schema: unknown): boolean {
  return typeof schema === 'string' && schema.includes('/unstruct_event/');
}

interface SchemaInfo {
  vendor: string;
  name: string;
  version: string;
  major: number;
  contextsKey: string;
  unstructKey: string;
}

/** Parsed schema URIs with their lossy keys; logs repeat a few schemas millions of times. */
const SCHEMAS = new Map<string, SchemaInfo | null>();
const MAX_CACHED_SCHEMAS = 10_000;

function schemaInfo(uri: string): SchemaInfo | undefined {
  const cached = SCHEMAS.get(uri);
  if (cached !== undefined) return cached ?? undefined;
  const iglu = parseIgluUri(uri);
  const info = iglu
    ? {
        vendor: iglu.vendor,
        name: iglu.name,
        version: iglu.version,
        major: iglu.major,
        contextsKey: contextsKey(iglu.vendor, iglu.name, iglu.major),
        unstructKey: unstructKey(iglu.vendor, iglu.name, iglu.major),
      }
    : null;
  if (SCHEMAS.size < MAX_CACHED_SCHEMAS) SCHEMAS.set(uri, info);
  return info ?? undefined;
}

function selfDescribing(item: unknown, field: string): { ok: true; info: SchemaInfo; data: unknown } | { ok: false; reason: string } {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    return { ok: false, reason: `${field} holds an entry that is not a {schema, data} object` };
  }
  const schema = (item as Record<string, unknown>)['schema'];
  const info = typeof schema === 'string' ? schemaInfo(schema) : undefined;
  if (info === undefined) {
    return { ok: false, reason: `${field} holds a schema that is not an Iglu URI: ${quote(String(schema))}` };
  }
  return { ok: true, info, data: (item as Record<string, unknown>)['data'] };
}

function parseJsonText(value: unknown, field: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (typeof value !== 'string') return { ok: true, value };
  if (value === '') return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(value) };
  } catch (e) {
    return { ok: false, reason: `${field} is not valid JSON (${(e as Error).message})` };
  }
}
