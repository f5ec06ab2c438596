/**
 * The generator's own event record: atomic fields by their enriched-TSV position, plus entities
 * and the self-describing event as full Iglu references. Keeping the full schema URIs (not the
 * lossy keys) lets one record be written both as Analytics-SDK lossy JSON and as enriched TSV.
 */
import { ATOMIC_FIELDS, TIMESTAMP_FIELDS, type AtomicField } from '../atomic.js';
import { contextsKey, unstructKey } from '../events/event.js';

export type AtomicValue = string | number | boolean;

/** An Iglu schema reference with the lossy keys precomputed. */
export interface SchemaRef {
  vendor: string;
  name: string;
  /** `1-0-0` */
  version: string;
  uri: string;
  contextsKey: string;
  unstructKey: string;
}

export function schemaRef(vendor: string, name: string, version: string): SchemaRef {
  const major = Number(version.split('-')[0]);
  return {
    vendor,
    name,
    version,
    uri: `iglu:${vendor}/${name}/jsonschema/${version}`,
    contextsKey: contextsKey(vendor, name, major),
    unstructKey: unstructKey(vendor, name, major),
  };
}

/** A self-describing JSON value: an entity or the event's own data. */
export interface SelfDescribing {
  schema: SchemaRef;
  data: Record<string, unknown>;
}

export interface GeneratedEvent {
  /** derived_tstamp in epoch milliseconds: the merge order of the output. */
  time: number;
  /** Indexed by enriched-TSV position; timestamps are epoch milliseconds. */
  fields: (AtomicValue | undefined)[];
  contexts: SelfDescribing[];
  derivedContexts: SelfDescribing[];
  unstruct?: SelfDescribing;
}

const INDEX = new Map<string, number>(ATOMIC_FIELDS.map((name, i) => [name, i]));

/** Position of an atomic field in the enriched TSV. */
export function fieldIndex(name: AtomicField): number {
  const i = INDEX.get(name);
  if (i === undefined) throw new Error(`unknown atomic field ${name}`);
  return i;
}

/** Whether the field at a position holds a timestamp. */
export const IS_TIMESTAMP: readonly boolean[] = ATOMIC_FIELDS.map((name) => TIMESTAMP_FIELDS.has(name));

export const CONTEXTS_INDEX = fieldIndex('contexts');
export const UNSTRUCT_INDEX = fieldIndex('unstruct_event');
export const DERIVED_CONTEXTS_INDEX = fieldIndex('derived_contexts');

/** Frequently used positions, named like the fields. */
export const F = {
  app_id: fieldIndex('app_id'),
  platform: fieldIndex('platform'),
  etl_tstamp: fieldIndex('etl_tstamp'),
  collector_tstamp: fieldIndex('collector_tstamp'),
  dvce_created_tstamp: fieldIndex('dvce_created_tstamp'),
  event: fieldIndex('event'),
  event_id: fieldIndex('event_id'),
  name_tracker: fieldIndex('name_tracker'),
  v_tracker: fieldIndex('v_tracker'),
  v_collector: fieldIndex('v_collector'),
  v_etl: fieldIndex('v_etl'),
  user_id: fieldIndex('user_id'),
  user_ipaddress: fieldIndex('user_ipaddress'),
  domain_userid: fieldIndex('domain_userid'),
  domain_sessionidx: fieldIndex('domain_sessionidx'),
  network_userid: fieldIndex('network_userid'),
  geo_country: fieldIndex('geo_country'),
  geo_region: fieldIndex('geo_region'),
  geo_city: fieldIndex('geo_city'),
  geo_timezone: fieldIndex('geo_timezone'),
  page_url: fieldIndex('page_url'),
  page_title: fieldIndex('page_title'),
  page_referrer: fieldIndex('page_referrer'),
  page_urlscheme: fieldIndex('page_urlscheme'),
  page_urlhost: fieldIndex('page_urlhost'),
  page_urlport: fieldIndex('page_urlport'),
  page_urlpath: fieldIndex('page_urlpath'),
  page_urlquery: fieldIndex('page_urlquery'),
  refr_urlscheme: fieldIndex('refr_urlscheme'),
  refr_urlhost: fieldIndex('refr_urlhost'),
  refr_urlport: fieldIndex('refr_urlport'),
  refr_urlpath: fieldIndex('refr_urlpath'),
  refr_urlquery: fieldIndex('refr_urlquery'),
  refr_medium: fieldIndex('refr_medium'),
  refr_source: fieldIndex('refr_source'),
  refr_term: fieldIndex('refr_term'),
  mkt_medium: fieldIndex('mkt_medium'),
  mkt_source: fieldIndex('mkt_source'),
  mkt_campaign: fieldIndex('mkt_campaign'),
  pp_xoffset_min: fieldIndex('pp_xoffset_min'),
  pp_xoffset_max: fieldIndex('pp_xoffset_max'),
  pp_yoffset_min: fieldIndex('pp_yoffset_min'),
  pp_yoffset_max: fieldIndex('pp_yoffset_max'),
  useragent: fieldIndex('useragent'),
  br_lang: fieldIndex('br_lang'),
  br_cookies: fieldIndex('br_cookies'),
  br_colordepth: fieldIndex('br_colordepth'),
  br_viewwidth: fieldIndex('br_viewwidth'),
  br_viewheight: fieldIndex('br_viewheight'),
  os_timezone: fieldIndex('os_timezone'),
  dvce_screenwidth: fieldIndex('dvce_screenwidth'),
  dvce_screenheight: fieldIndex('dvce_screenheight'),
  doc_charset: fieldIndex('doc_charset'),
  doc_width: fieldIndex('doc_width'),
  doc_height: fieldIndex('doc_height'),
  dvce_sent_tstamp: fieldIndex('dvce_sent_tstamp'),
  domain_sessionid: fieldIndex('domain_sessionid'),
  derived_tstamp: fieldIndex('derived_tstamp'),
  event_vendor: fieldIndex('event_vendor'),
  event_name: fieldIndex('event_name'),
  event_format: fieldIndex('event_format'),
  event_version: fieldIndex('event_version'),
} as const;

/** Built-in and common schemas. */
export const SCHEMAS = {
  pageView: schemaRef('com.snowplowanalytics.snowplow', 'page_view', '1-0-0'),
  pagePing: schemaRef('com.snowplowanalytics.snowplow', 'page_ping', '1-0-0'),
  yauaa: schemaRef('nl.basjes', 'yauaa_context', '1-0-4'),
} as const;
