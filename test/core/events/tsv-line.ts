import { ATOMIC_FIELDS, type AtomicField } from '../../../src/core/atomic.js';

/** An enriched-TSV line with the given fields set and every other field empty. */
export function tsvLine(fields: Partial<Record<AtomicField, string>>): string {
  return ATOMIC_FIELDS.map((f) => fields[f] ?? '').join('\t');
}

export const CONTEXTS_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0';
export const UNSTRUCT_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0';

export function contextsJson(...entities: { schema: string; data: unknown }[]): string {
  return JSON.stringify({ schema: CONTEXTS_SCHEMA, data: entities });
}

export function unstructJson(schema: string, data: unknown): string {
  return JSON.stringify({ schema: UNSTRUCT_SCHEMA, data: { schema, data } });
}
