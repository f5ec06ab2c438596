/**
 * Response bodies as Signals shapes them: the stored definition plus read-only fields
 * (`full_name`, `feast_name`, `stream_source_name`, `attribute_key_or_name`,
 * `attribute_group_or_attribute_key_ttl`, key `blobl_path`), with explicit `null` for absent
 * optional fields, as the real API answers.
 */
import type { AttributeGroup, AttributeKey, Intervention, Property, RemoteKind, Service } from '../core/model.js';
import { specToWire, type JsonRecord, type SpecOf } from '../core/wire.js';

function withNulls(body: JsonRecord, optional: readonly string[]): JsonRecord {
  const out: JsonRecord = { ...body };
  for (const key of optional) if (!(key in out)) out[key] = null;
  return out;
}

/** The key's extraction path in the stream engine's syntax (illustrative; read-only). */
export function bloblPath(key: AttributeKey): string {
  const p: Property | undefined = key.property;
  if (p === undefined) return key.external_column ?? key.name;
  if (p.type === 'atomic') return p.name;
  const schema = `${p.vendor.replace(/[.-]/g, '_')}_${p.name.replace(/-/g, '_')}_${p.major_version}`.toLowerCase();
  return p.type === 'event' ? `unstruct_event_${schema}.${p.path}` : `contexts_${schema}[${p.index}].${p.path}`;
}

export function attributeKeyResponse(key: AttributeKey): JsonRecord {
  return { ...withNulls(specToWire('AttributeKey', key), ['description', 'property', 'external_column', 'ttl', 'owner']), blobl_path: bloblPath(key) };
}

export function attributeGroupResponse(group: AttributeGroup, key: AttributeKey | undefined): JsonRecord {
  const body = withNulls(specToWire('AttributeGroup', group), ['description', 'owner', 'ttl', 'attributes', 'fields', 'batch_source', 'backfill_since_tstamp']);
  const fullName = `${group.name}_v${group.version}`;
  const keyBody = key ? attributeKeyResponse(key) : { name: group.attribute_key.name, blobl_path: null };
  return {
    ...body,
    attribute_key: keyBody,
    full_name: fullName,
    feast_name: fullName,
    stream_source_name: group.offline ? null : `${group.name}_stream`,
    attribute_key_or_name: group.attribute_key.name,
    attribute_group_or_attribute_key_ttl: group.ttl ?? key?.ttl ?? null,
  };
}

export function serviceResponse(service: Service): JsonRecord {
  return withNulls(specToWire('Service', service), ['description', 'owner']);
}

export function interventionResponse(intervention: Intervention): JsonRecord {
  return withNulls(specToWire('Intervention', intervention), ['description', 'owner', 'target_attribute_keys', 'payload_attribute_groups']);
}

export function responseFor<K extends RemoteKind>(kind: K, spec: SpecOf<K>, keyOf: (name: string) => AttributeKey | undefined): JsonRecord {
  switch (kind) {
    case 'AttributeKey':
      return attributeKeyResponse(spec as AttributeKey);
    case 'AttributeGroup': {
      const group = spec as AttributeGroup;
      return attributeGroupResponse(group, keyOf(group.attribute_key.name));
    }
    case 'Service':
      return serviceResponse(spec as Service);
    default:
      return interventionResponse(spec as Intervention);
  }
}
