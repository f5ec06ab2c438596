/**
 * The one internal event shape: Snowplow Analytics-SDK "lossy" JSON. Atomic fields keep their
 * enriched-TSV names and typed values (timestamps as ISO 8601 UTC strings, numbers as numbers,
 * booleans as booleans; empty fields absent). Entities are grouped under
 * `contexts_<vendor>_<name>_<major>: [data, ...]` and the self-describing event's data is under
 * `unstruct_event_<vendor>_<name>_<major>: {data}`. Every reader converts its input to this.
 * Readers also guarantee: timestamps are canonical `YYYY-MM-DDTHH:MM:SS.mmmZ` (they sort as
 * strings), `derived_tstamp` is always present, and missing identity fields are derived
 * (docs/event-formats.md).
 */
export type SnowplowEvent = Record<string, unknown>;

/** An event and where it came from. */
export interface EventRecord {
  event: SnowplowEvent;
  /** Input file as the user named it (`-` for stdin). */
  file: string;
  /** 1-based line (or record number for formats without lines). */
  line: number;
}

/** A line that could not be read as an event. Counted and reported, never fatal unless --strict. */
export interface BadLine {
  file: string;
  line: number;
  reason: string;
}

/** Vendor part of a lossy key: lower-cased, `.` and `-` replaced by `_`. */
export function vendorKey(vendor: string): string {
  return vendor.replace(/[.-]/g, '_').toLowerCase();
}

/** Name part of a lossy key: `-`/`.` to `_`, camelCase split to snake_case, lower-cased. */
export function nameKey(name: string): string {
  return name
    .replace(/[.-]/g, '_')
    .replace(/([^A-Z_])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** `contexts_<vendor>_<name>_<major>` */
export function contextsKey(vendor: string, name: string, major: number): string {
  return `contexts_${vendorKey(vendor)}_${nameKey(name)}_${major}`;
}

/** `unstruct_event_<vendor>_<name>_<major>` */
export function unstructKey(vendor: string, name: string, major: number): string {
  return `unstruct_event_${vendorKey(vendor)}_${nameKey(name)}_${major}`;
}

/** Parse `iglu:vendor/name/jsonschema/1-0-0` into its parts. */
export function parseIgluUri(uri: string): { vendor: string; name: string; format: string; version: string; major: number } | undefined {
  const m = /^iglu:([^/]+)\/([^/]+)\/([^/]+)\/(\d+)-(\d+)-(\d+)$/.exec(uri);
  if (!m) return undefined;
  const [, vendor, name, format, major, minor, patch] = m;
  if (vendor === undefined || name === undefined || format === undefined || major === undefined) return undefined;
  return { vendor, name, format, version: `${major}-${minor}-${patch}`, major: Number(major) };
}
