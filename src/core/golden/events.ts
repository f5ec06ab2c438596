/**
 * Turn a case's inline events into lossy events: `event:` shorthands fill the schema fields,
 * `at:` sets the timestamps (relative to the case's `now`), `data:` and `entities:` become the
 * `unstruct_event_…` and `contexts_…` columns, and ids get deterministic defaults.
 */
import { ATOMIC_FIELDS, isAtomicField } from '../atomic.js';
import { didYouMean, type Diagnostic } from '../diagnostics.js';
import { parseDuration } from '../duration.js';
import { contextsKey, parseIgluUri, unstructKey, type SnowplowEvent } from '../events/event.js';
import { formatTimestamp, parseTimestamp } from '../simulate/time.js';
import type { GoldenCase, GoldenEventSpec } from './format.js';

/** Fields every inline event starts with (overridden by `defaults:` and the event's own fields). */
export const EVENT_DEFAULTS: Readonly<Record<string, unknown>> = {
  app_id: 'test',
  platform: 'web',
  domain_userid: 'u1',
  domain_sessionid: 's1',
};

interface Schema {
  event: string;
  vendor: string;
  name: string;
  version: string;
  major: number;
  selfDescribing: boolean;
}

const BUILTINS: Readonly<Record<string, Schema>> = {
  page_view: { event: 'page_view', vendor: 'com.snowplowanalytics.snowplow', name: 'page_view', version: '1-0-0', major: 1, selfDescribing: false },
  page_ping: { event: 'page_ping', vendor: 'com.snowplowanalytics.snowplow', name: 'page_ping', version: '1-0-0', major: 1, selfDescribing: false },
  structured: { event: 'struct', vendor: 'com.google.analytics', name: 'event', version: '1-0-0', major: 1, selfDescribing: false },
  struct: { event: 'struct', vendor: 'com.google.analytics', name: 'event', version: '1-0-0', major: 1, selfDescribing: false },
};

/** `vendor/name/1-0-0`, `vendor/name` (1-0-0) or `iglu:vendor/name/jsonschema/1-0-0`. */
export function parseSchemaRef(text: string): { vendor: string; name: string; version: string; major: number } | undefined {
  if (text.startsWith('iglu:')) {
    const iglu = parseIgluUri(text);
    return iglu ? { vendor: iglu.vendor, name: iglu.name, version: iglu.version, major: iglu.major } : undefined;
  }
  const m = /^([^/\s]+)\/([^/\s]+)(?:\/(\d+)-(\d+)-(\d+))?$/.exec(text);
  if (!m || m[1] === undefined || m[2] === undefined) return undefined;
  const version = m[3] === undefined ? '1-0-0' : `${m[3]}-${m[4]}-${m[5]}`;
  return { vendor: m[1], name: m[2], version, major: Number(version.split('-')[0]) };
}

function resolveSchema(text: string | undefined): Schema | undefined {
  if (text === undefined) return BUILTINS['page_view'];
  const builtin = BUILTINS[text];
  if (builtin) return builtin;
  const ref = parseSchemaRef(text);
  return ref ? { event: 'unstruct', ...ref, selfDescribing: true } : undefined;
}

const EXTRA_FIELDS = new Set(['refr_dvce_tstamp', 'geo_location']);

function knownField(name: string): boolean {
  return isAtomicField(name) || EXTRA_FIELDS.has(name) || name.startsWith('contexts_') || name.startsWith('unstruct_event_');
}

/** A time from `at`: an offset from now (`-5m`, `+30s`, a number of seconds) or an absolute time. */
export function resolveTime(at: string | number, now: number | undefined): { ms: number } | { error: string } {
  if (typeof at === 'number') {
    if (now === undefined) return { error: 'an offset needs the case to set now:' };
    return { ms: now + at * 1000 };
  }
  const offset = /^([+-])?\s*(.+)$/.exec(at.trim());
  if (offset && offset[2] !== undefined) {
    const seconds = parseDuration(offset[2]);
    if (seconds !== undefined && (offset[1] !== undefined || !/^\d{4}-/.test(offset[2]))) {
      if (now === undefined) return { error: `the offset ${at} needs the case to set now:` };
      return { ms: now + (offset[1] === '-' ? -seconds : seconds) * 1000 };
    }
  }
  const ms = parseTimestamp(at);
  return ms === undefined ? { error: `${at} is neither a time (ISO 8601) nor an offset such as -5m` } : { ms };
}

function eventId(caseIndex: number, eventIndex: number): string {
  return `00000000-0000-4000-8000-${String((caseIndex + 1) * 1_000_000 + eventIndex + 1).padStart(12, '0')}`;
}

export interface BuiltCaseEvents {
  events: SnowplowEvent[];
  now: number | undefined;
  diagnostics: Diagnostic[];
}

export function buildCaseEvents(c: GoldenCase, caseIndex: number): BuiltCaseEvents {
  const diagnostics: Diagnostic[] = [];
  const error = (spec: { location: GoldenCase['location'] }, code: string, message: string, hint?: string) =>
    diagnostics.push({ severity: 'error', code, message, ...spec.location, ...(hint !== undefined ? { hint } : {}) });
  let now: number | undefined;
  if (c.now !== undefined) {
    now = parseTimestamp(c.now);
    if (now === undefined) error(c, 'golden-bad-time', `now: ${c.now} is not a time`, 'use ISO 8601, e.g. 2025-05-01T12:00:00Z');
  }
  for (const key of Object.keys(c.defaults)) {
    if (!knownField(key)) error(c, 'golden-unknown-field', `defaults: ${key} is not an event field`, hintFor(key));
  }
  const events: SnowplowEvent[] = [];
  c.events.forEach((spec, i) => {
    const built = buildEvent(spec, { now, index: i, count: c.events.length, caseIndex, defaults: c.defaults, error: (code, message, hint) => error(spec, code, message, hint) });
    if (built) events.push(built);
  });
  return { events, now, diagnostics };
}

function hintFor(key: string): string {
  const guess = didYouMean(key, ATOMIC_FIELDS);
  return guess ? `did you mean ${guess}?` : 'use an atomic field name, contexts_… / unstruct_event_… columns, or event/at/data/entities';
}

interface BuildContext {
  now: number | undefined;
  index: number;
  count: number;
  caseIndex: number;
  defaults: Record<string, unknown>;
  error: (code: string, message: string, hint?: string) => void;
}

function buildEvent(spec: GoldenEventSpec, ctx: BuildContext): SnowplowEvent | undefined {
  for (const key of Object.keys(spec.fields)) {
    if (!knownField(key)) ctx.error('golden-unknown-field', `${key} is not an event field`, hintFor(key));
  }
  const schema = resolveSchema(spec.event);
  if (schema === undefined) {
    ctx.error('golden-bad-event', `event: ${spec.event ?? ''} is not an event`, 'use page_view, page_ping, structured, vendor/name/1-0-0 or an iglu: URI');
    return undefined;
  }
  let ts: number | undefined;
  if (spec.at === undefined) {
    if (ctx.now === undefined) {
      ctx.error('golden-bad-time', 'an event without at: needs the case to set now:', 'events without at: are one second apart, the last at now');
      return undefined;
    }
    ts = ctx.now - (ctx.count - 1 - ctx.index) * 1000;
  } else {
    const t = resolveTime(spec.at, ctx.now);
    if ('error' in t) {
      ctx.error('golden-bad-time', `at: ${t.error}`);
      return undefined;
    }
    ts = t.ms;
  }
  const iso = formatTimestamp(ts);
  const event: SnowplowEvent = {
    ...EVENT_DEFAULTS,
    event_id: eventId(ctx.caseIndex, ctx.index),
    collector_tstamp: iso,
    dvce_created_tstamp: iso,
    derived_tstamp: iso,
    event: schema.event,
    event_vendor: schema.vendor,
    event_name: schema.name,
    event_format: 'jsonschema',
    event_version: schema.version,
    ...ctx.defaults,
  };
  if (spec.data !== undefined) {
    if (!schema.selfDescribing) ctx.error('golden-bad-event', `data: belongs to self-describing events, not ${spec.event ?? 'page_view'}`, 'set event: vendor/name/1-0-0');
    else event[unstructKey(schema.vendor, schema.name, schema.major)] = spec.data;
  }
  for (const [schemaText, value] of Object.entries(spec.entities ?? {})) {
    const ref = parseSchemaRef(schemaText);
    if (ref === undefined) {
      ctx.error('golden-bad-event', `entities: ${schemaText} is not a schema`, 'use vendor/name/1-0-0 or an iglu: URI');
      continue;
    }
    const key = contextsKey(ref.vendor, ref.name, ref.major);
    const list = Array.isArray(event[key]) ? [...(event[key] as unknown[])] : [];
    list.push(...(Array.isArray(value) ? value : [value]));
    event[key] = list;
  }
  Object.assign(event, spec.fields);
  return event;
}
