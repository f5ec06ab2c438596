/**
 * In-memory builders for simulation tests: canonical definitions and lossy events without YAML
 * or files.
 */
import type {
  Attribute,
  AttributeGroup,
  AttributeGroupDefinition,
  AttributeKey,
  AttributeKeyDefinition,
  Definition,
  Intervention,
  InterventionDefinition,
  Property,
  RuleNode,
  SegmentDefinition,
} from '../../../src/core/model.js';
import { PAGE_VIEW_EVENT } from '../../../src/core/model.js';
import type { SnowplowEvent } from '../../../src/core/events/event.js';
import { contextsKey, unstructKey } from '../../../src/core/events/event.js';

export function attribute(fields: Partial<Attribute> & Pick<Attribute, 'name'>): Attribute {
  return { type: 'int32', aggregation: 'counter', events: [{ ...PAGE_VIEW_EVENT }], ...fields };
}

export function group(
  fields: Partial<AttributeGroup> & { name: string; attributes: Attribute[] },
  options: { source?: 'stream' | 'batch' } = {},
): AttributeGroupDefinition {
  const spec: AttributeGroup = {
    version: 1,
    attribute_key: { name: 'domain_sessionid' },
    online: true,
    offline: options.source === 'batch',
    is_published: true,
    ...fields,
  };
  return { kind: 'AttributeGroup', spec, protect: false };
}

export function key(fields: Partial<AttributeKey> & { name: string }): AttributeKeyDefinition {
  return { kind: 'AttributeKey', spec: { is_published: true, ...fields }, protect: false };
}

export function intervention(fields: Partial<Intervention> & { name: string; criteria: RuleNode }): InterventionDefinition {
  return { kind: 'Intervention', spec: { version: 1, is_published: true, ...fields }, protect: false };
}

export function segment(name: string, criteria: RuleNode): SegmentDefinition {
  return { kind: 'Segment', spec: { name, criteria }, protect: false };
}

export const atomic = (name: string): Property => ({ type: 'atomic', name });
export const eventProp = (vendor: string, name: string, path: string, major = 1): Property => ({ type: 'event', vendor, name, major_version: major, path });
export const entityProp = (vendor: string, name: string, path: string, index = 0, major = 1): Property => ({
  type: 'entity',
  vendor,
  name,
  major_version: major,
  path,
  index,
});

let counter = 0;

/** A page view at `at` (ISO or ms) for a session, with extra lossy fields. */
export function pageView(at: string | number, fields: SnowplowEvent = {}): SnowplowEvent {
  counter++;
  return {
    app_id: 'site',
    event: 'page_view',
    event_id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    event_vendor: 'com.snowplowanalytics.snowplow',
    event_name: 'page_view',
    event_format: 'jsonschema',
    event_version: '1-0-0',
    domain_userid: 'u1',
    domain_sessionid: 's1',
    derived_tstamp: typeof at === 'number' ? new Date(at).toISOString() : at,
    ...fields,
  };
}

/** A self-describing event `vendor/name/version` with data and optional entities. */
export function selfDescribing(
  schema: string,
  at: string,
  data: Record<string, unknown>,
  fields: SnowplowEvent = {},
  entities: Record<string, unknown[]> = {},
): SnowplowEvent {
  const [vendor = '', name = '', version = '1-0-0'] = schema.split('/');
  const major = Number(version.split('-')[0]);
  counter++;
  const event: SnowplowEvent = {
    app_id: 'site',
    event: 'unstruct',
    event_id: `00000000-0000-4000-9000-${String(counter).padStart(12, '0')}`,
    event_vendor: vendor,
    event_name: name,
    event_format: 'jsonschema',
    event_version: version,
    domain_userid: 'u1',
    domain_sessionid: 's1',
    derived_tstamp: at,
    [unstructKey(vendor, name, major)]: data,
    ...fields,
  };
  for (const [entitySchema, list] of Object.entries(entities)) {
    const [ev = '', en = '', ever = '1-0-0'] = entitySchema.split('/');
    event[contextsKey(ev, en, Number(ever.split('-')[0]))] = list;
  }
  return event;
}

export function withEntity(event: SnowplowEvent, schema: string, list: unknown[]): SnowplowEvent {
  const [vendor = '', name = '', version = '1-0-0'] = schema.split('/');
  return { ...event, [contextsKey(vendor, name, Number(version.split('-')[0]))]: list };
}

export type { Definition };

import { createSimulator } from '../../../src/core/simulate/simulator.js';
import type { SimulationResult, SimulatorOptions } from '../../../src/core/simulate/types.js';
import type { Value } from '../../../src/core/simulate/values.js';

/** Run a whole simulation over in-memory events. */
export function simulate(definitions: readonly Definition[], events: readonly SnowplowEvent[], options: SimulatorOptions & { finishAt?: number } = {}): SimulationResult {
  const sim = createSimulator(definitions, options);
  for (const e of events) sim.ingest(e);
  return sim.finish(options.finishAt);
}

/** The attributes of one key in one group of a result; undefined when the key has no row. */
export function rowOf(result: SimulationResult, groupName: string, keyId: string): Record<string, Value> | undefined {
  return result.groups.find((g) => g.name === groupName)?.rows.find((r) => r.key === keyId)?.attributes;
}

/** Value of a single attribute for `s1` in a one-attribute group named `g`. */
export function single(attr: Attribute, events: readonly SnowplowEvent[], options: SimulatorOptions & { finishAt?: number; source?: 'stream' | 'batch' } = {}): Value | undefined {
  const result = simulate([group({ name: 'g', attributes: [attr] }, { source: options.source ?? 'stream' })], events, options);
  return rowOf(result, 'g', 's1')?.[attr.name];
}
