/**
 * The last step of every reader: make an event usable by the engine. It gets a `derived_tstamp`
 * (falling back the way Snowplow Enrich derives it) and, when the input lacks them, the event
 * identity fields `event`, `event_vendor`, `event_name`, `event_format`, `event_version`.
 * Fields present in the input are never changed.
 */
import type { SnowplowEvent } from './event.js';

/** What is known about the self-describing event's schema. Any part may be missing. */
export interface UnstructIdentity {
  vendor?: string;
  name?: string;
  version?: string;
}

const SNOWPLOW = 'com.snowplowanalytics.snowplow';

/** Identities of the built-in event types, by the `event` column. */
const BUILTIN_EVENTS: Readonly<Record<string, Required<UnstructIdentity>>> = {
  page_view: { vendor: SNOWPLOW, name: 'page_view', version: '1-0-0' },
  page_ping: { vendor: SNOWPLOW, name: 'page_ping', version: '1-0-0' },
  struct: { vendor: 'com.google.analytics', name: 'event', version: '1-0-0' },
  transaction: { vendor: SNOWPLOW, name: 'transaction', version: '1-0-0' },
  transaction_item: { vendor: SNOWPLOW, name: 'transaction_item', version: '1-0-0' },
};

/**
 * Vendors whose dots cannot be recovered from a lossy or warehouse key alone
 * (`com_snowplowanalytics_snowplow_media_...`). Used only to fill a missing `event_vendor`.
 */
const KNOWN_VENDORS = [
  SNOWPLOW,
  'com.snowplowanalytics.snowplow.media',
  'com.snowplowanalytics.snowplow.ecommerce',
  'com.snowplowanalytics.snowplow-website',
  'com.snowplowanalytics.mobile',
  'com.snowplowanalytics.console',
  'com.snowplowanalytics.iglu',
  'com.snowplowanalytics.accelerators.travel',
  'com.google.analytics',
  'com.google.analytics.enhanced-ecommerce',
  'com.google.analytics.measurement-protocol',
  'com.iab.snowplow',
  'com.youtube',
  'nl.basjes',
  'org.w3',
  'org.ietf',
];
const VENDOR_BY_KEY = new Map(KNOWN_VENDORS.map((v) => [v.replace(/[.-]/g, '_'), v]));
const VENDOR_KEYS_LONGEST_FIRST = [...VENDOR_BY_KEY.keys()].sort((a, b) => b.length - a.length);

/**
 * Complete `event` in place: derive `derived_tstamp` when it is missing and fill in the event's
 * identity. A row with no time at all stays an event without `derived_tstamp` (it is read and
 * counted; the simulation skips it as having no timestamp). Timestamps must already be canonical.
 * Returns a reason when the event cannot be read, otherwise `undefined`.
 */
export function completeEvent(event: SnowplowEvent, unstruct?: UnstructIdentity): string | undefined {
  if (typeof event['derived_tstamp'] !== 'string') {
    const derived = deriveTimestamp(event);
    if (derived !== undefined) event['derived_tstamp'] = derived;
  }
  if (
    event['event'] === undefined ||
    event['event_vendor'] === undefined ||
    event['event_name'] === undefined ||
    event['event_version'] === undefined ||
    event['event_format'] === undefined
  ) {
    completeIdentity(event, unstruct);
  }
  return undefined;
}

/**
 * Snowplow Enrich's rule: `true_tstamp` when the tracker set one; else `collector_tstamp` minus the
 * device's send delay (`dvce_sent_tstamp - dvce_created_tstamp`) when both device times exist; else
 * `collector_tstamp`; and, for inputs without a collector time, `dvce_created_tstamp`.
 */
export function deriveTimestamp(event: SnowplowEvent): string | undefined {
  const trueTs = event['true_tstamp'];
  if (typeof trueTs === 'string') return trueTs;
  const collector = event['collector_tstamp'];
  const created = event['dvce_created_tstamp'];
  const sent = event['dvce_sent_tstamp'];
  if (typeof collector === 'string') {
    if (typeof created === 'string' && typeof sent === 'string') {
      const ms = Date.parse(collector) - (Date.parse(sent) - Date.parse(created));
      if (Number.isFinite(ms)) return new Date(ms).toISOString();
    }
    return collector;
  }
  return typeof created === 'string' ? created : undefined;
}

function completeIdentity(event: SnowplowEvent, unstruct: UnstructIdentity | undefined): void {
  const kind = event['event'];
  let id: UnstructIdentity | undefined = typeof kind === 'string' ? BUILTIN_EVENTS[kind] : undefined;
  if (id === undefined && (kind === undefined || kind === 'unstruct')) {
    id = unstruct ?? unstructFromKeys(event);
    if (id !== undefined && kind === undefined) event['event'] = 'unstruct';
  }
  if (id === undefined && kind === undefined) {
    const name = event['event_name'];
    const vendor = event['event_vendor'];
    if (typeof name === 'string') {
      const builtin = Object.entries(BUILTIN_EVENTS).find(([, b]) => b.name === name && (vendor === undefined || b.vendor === vendor));
      if (builtin) {
        event['event'] = builtin[0];
        id = builtin[1];
      }
    }
  }
  if (id === undefined) return;
  if (event['event_vendor'] === undefined && id.vendor !== undefined) event['event_vendor'] = id.vendor;
  if (event['event_name'] === undefined && id.name !== undefined) event['event_name'] = id.name;
  if (event['event_format'] === undefined && (id.vendor !== undefined || id.name !== undefined)) event['event_format'] = 'jsonschema';
  if (event['event_version'] === undefined && id.version !== undefined) event['event_version'] = id.version;
}

/** The identity suggested by the event's only `unstruct_event_*` key, if it has exactly one. */
function unstructFromKeys(event: SnowplowEvent): UnstructIdentity | undefined {
  let found: string | undefined;
  for (const key in event) {
    if (!key.startsWith('unstruct_event_')) continue;
    if (found !== undefined) return undefined;
    found = key;
  }
  if (found === undefined) return undefined;
  const name = event['event_name'];
  return identityFromKey(found.slice('unstruct_event_'.length), typeof name === 'string' ? name : undefined);
}

/**
 * Split the `<vendor>_<name>_<major>` part of a lossy or warehouse key (`_<major>` optional, and a
 * full `_<major>_<minor>_<patch>` suffix gives the version). With a known event name the split
 * is exact; otherwise a known vendor prefix is needed. An unknown vendor is rebuilt with dots.
 */
export function identityFromKey(body: string, eventName?: string): UnstructIdentity | undefined {
  let rest = body;
  let version: string | undefined;
  const full = /_(\d+)_(\d+)_(\d+)$/.exec(rest);
  if (full) {
    version = `${full[1]}-${full[2]}-${full[3]}`;
    rest = rest.slice(0, full.index);
  } else {
    const major = /_(\d+)$/.exec(rest);
    if (major) rest = rest.slice(0, major.index);
  }
  let vendorPart: string | undefined;
  let name: string | undefined;
  if (eventName !== undefined) {
    const nk = eventName.replace(/[.-]/g, '_').replace(/([^A-Z_])([A-Z])/g, '$1_$2').toLowerCase();
    if (rest.endsWith(`_${nk}`)) {
      vendorPart = rest.slice(0, rest.length - nk.length - 1);
      name = eventName;
    }
  }
  if (vendorPart === undefined) {
    const prefix = VENDOR_KEYS_LONGEST_FIRST.find((v) => rest.startsWith(`${v}_`));
    if (prefix === undefined) return undefined;
    vendorPart = prefix;
    name = rest.slice(prefix.length + 1);
  }
  const vendor = VENDOR_BY_KEY.get(vendorPart) ?? vendorPart.replace(/_/g, '.');
  return { vendor, ...(name !== undefined ? { name } : {}), ...(version !== undefined ? { version } : {}) };
}
