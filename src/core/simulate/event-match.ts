/**
 * Event filters of attributes: `{vendor?, name?, version?}` against the atomic `event_vendor`,
 * `event_name` and `event_version`. Absent (or empty) fields are wildcards; `events: []` matches
 * every event.
 */
import type { EventRef } from '../model.js';
import type { SnowplowEvent } from '../events/event.js';
import { vendorKey } from '../events/event.js';

export interface EventIdentity {
  vendor: string | undefined;
  name: string | undefined;
  version: string | undefined;
}

const BUILTIN_BY_EVENT: Readonly<Record<string, EventIdentity>> = {
  page_view: { vendor: 'com.snowplowanalytics.snowplow', name: 'page_view', version: '1-0-0' },
  page_ping: { vendor: 'com.snowplowanalytics.snowplow', name: 'page_ping', version: '1-0-0' },
  struct: { vendor: 'com.google.analytics', name: 'event', version: '1-0-0' },
  transaction: { vendor: 'com.snowplowanalytics.snowplow', name: 'transaction', version: '1-0-0' },
  transaction_item: { vendor: 'com.snowplowanalytics.snowplow', name: 'transaction_item', version: '1-0-0' },
};

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The event's schema identity; for logs without `event_*` columns, derived from the `event` column. */
export function eventIdentity(event: SnowplowEvent): EventIdentity {
  const name = str(event['event_name']);
  if (name !== undefined) return { vendor: str(event['event_vendor']), name, version: str(event['event_version']) };
  const kind = str(event['event']);
  const builtin = kind === undefined ? undefined : BUILTIN_BY_EVENT[kind];
  if (builtin) return builtin;
  return { vendor: str(event['event_vendor']), name: kind, version: str(event['event_version']) };
}

/** A cache key for an identity. */
export function identityKey(id: EventIdentity): string {
  return `${id.vendor ?? ''}\u0000${id.name ?? ''}\u0000${id.version ?? ''}`;
}

function sameVendor(a: string, b: string | undefined): boolean {
  return b !== undefined && (a === b || vendorKey(a) === vendorKey(b));
}

/** Whether one event filter matches; `nameOnly` is the batch engine's per-attribute check. */
export function matchesEventRef(ref: EventRef, id: EventIdentity, nameOnly = false): boolean {
  if (ref.name !== undefined && ref.name !== '' && ref.name !== id.name) return false;
  if (nameOnly) return true;
  if (ref.vendor !== undefined && ref.vendor !== '' && !sameVendor(ref.vendor, id.vendor)) return false;
  if (ref.version !== undefined && ref.version !== '' && ref.version !== id.version) return false;
  return true;
}

/** Whether any filter of a list matches; an empty list matches every event. */
export function matchesAnyEventRef(refs: readonly EventRef[], id: EventIdentity, nameOnly = false): boolean {
  if (refs.length === 0) return true;
  for (const ref of refs) if (matchesEventRef(ref, id, nameOnly)) return true;
  return false;
}
