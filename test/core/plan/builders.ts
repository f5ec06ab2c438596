/** Small builders of canonical definitions for planner tests. */
import type {
  Attribute,
  AttributeGroupDefinition,
  AttributeKeyDefinition,
  InterventionDefinition,
  RuleNode,
  ServiceDefinition,
} from '../../../src/core/model.js';
import type { RemoteObject, RemoteState } from '../../../src/core/plan/types.js';

export const PV = { vendor: 'com.snowplowanalytics.snowplow', name: 'page_view', version: '1-0-0' };

export function counter(name: string, extra: Partial<Attribute> = {}): Attribute {
  return { name, type: 'int32', events: [PV], aggregation: 'counter', ...extra };
}

export function key(name: string, extra: Partial<AttributeKeyDefinition['spec']> = {}, protect = false): AttributeKeyDefinition {
  return { kind: 'AttributeKey', protect, spec: { name, property: { type: 'atomic', name: 'app_id' }, is_published: true, ...extra } };
}

export function group(name: string, version: number, attributes: Attribute[], extra: Partial<AttributeGroupDefinition['spec']> = {}, protect = false): AttributeGroupDefinition {
  return {
    kind: 'AttributeGroup',
    protect,
    spec: { name, version, attribute_key: { name: 'domain_sessionid' }, online: true, offline: false, attributes, owner: 'you@example.com', is_published: true, ...extra },
  };
}

export function service(name: string, groups: [string, number][], extra: Partial<ServiceDefinition['spec']> = {}, protect = false): ServiceDefinition {
  return { kind: 'Service', protect, spec: { name, attribute_groups: groups.map(([n, v]) => ({ name: n, version: v })), is_published: true, ...extra } };
}

export function intervention(name: string, version: number, criteria: RuleNode, extra: Partial<InterventionDefinition['spec']> = {}, protect = false): InterventionDefinition {
  return { kind: 'Intervention', protect, spec: { name, version, criteria, target_attribute_keys: [{ name: 'domain_sessionid' }], is_published: true, ...extra } };
}

type RemoteDef = AttributeKeyDefinition | AttributeGroupDefinition | ServiceDefinition | InterventionDefinition;

export function remote(...defs: RemoteDef[]): RemoteState {
  return { objects: defs.map((d): RemoteObject => ({ kind: d.kind, spec: structuredClone(d.spec), protect: d.protect })) };
}

/** The travel demo, trimmed: one group, its service and an intervention. */
export function travel(): { group: AttributeGroupDefinition; service: ServiceDefinition; intervention: InterventionDefinition } {
  return {
    group: group('travel_view', 1, [
      counter('page_view_count'),
      counter('destination_page_view_count', { criteria: { all: [{ property: { type: 'atomic', name: 'page_urlpath' }, operator: 'like', value: '%destinations%' }] } }),
      counter('family_destination_count', { period: 'P7D' }),
    ]),
    service: service('travel_service', [['travel_view', 1]]),
    intervention: intervention('destination_help', 1, { attribute: 'travel_view:destination_page_view_count', operator: '>=', value: 3 }),
  };
}
