/**
 * `POST /api/v1/get-online-attributes`, with the real wire shape: by service or by qualified
 * `group_vN:attribute` names, for one attribute key and 1-100 identifiers; every column is an
 * array with one entry per identifier in request order, `null` where nothing is stored, and the
 * key column echoed first. Errors are Go-style `{"error": "..."}`.
 */
import type { AttributeGroup, GroupLink } from '../core/model.js';
import type { AttributeValue } from './attribute-store.js';
import type { Registry, Reply } from './registry.js';

/** Where served values come from: the stored value of one attribute of one key, undefined when none. */
export interface OnlineValues {
  get(group: GroupLink, keyId: string, attribute: string): AttributeValue | undefined;
}

const QUALIFIED = /^([A-Za-z0-9_]+)_v([0-9]+):([A-Za-z0-9_]+)$/;

const fail = (status: number, error: string): Reply => ({ status, body: { error } });

interface Column {
  name: string;
  group: GroupLink;
  attribute: string;
}

function attributeNames(group: AttributeGroup): string[] {
  return (group.attributes ?? group.fields ?? []).map((a) => a.name);
}

export function getOnlineAttributes(registry: Registry, store: OnlineValues, body: unknown): Reply {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return fail(400, 'request body must be a JSON object');
  const request = body as { service?: unknown; attributes?: unknown; attribute_keys?: unknown; full_attribute_names?: unknown };
  const keys = request.attribute_keys;
  if (keys === null || typeof keys !== 'object' || Array.isArray(keys)) return fail(400, 'attribute_keys must map one attribute key to a list of identifiers');
  const entries = Object.entries(keys as Record<string, unknown>);
  if (entries.length !== 1) return fail(400, 'attribute_keys must name exactly one attribute key');
  const [keyName, ids] = entries[0]!;
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > 100 || !ids.every((id) => typeof id === 'string')) {
    return fail(400, `attribute_keys.${keyName} must be a list of 1 to 100 string identifiers`);
  }
  const hasService = request.service !== undefined && request.service !== null;
  const hasAttributes = request.attributes !== undefined && request.attributes !== null;
  if (hasService === hasAttributes) return fail(400, 'give exactly one of service or attributes');
  const full = request.full_attribute_names === true;

  const columns: Column[] = [];
  if (hasService) {
    if (typeof request.service !== 'string') return fail(400, 'service must be a string');
    const service = registry.find('Service', request.service);
    if (!service) return fail(404, `service ${request.service} not found`);
    for (const link of service.attribute_groups) {
      const group = registry.find('AttributeGroup', link.name, link.version);
      if (!group || group.attribute_key.name !== keyName) continue;
      for (const attribute of attributeNames(group)) columns.push({ name: attribute, group: link, attribute });
    }
    if (columns.length === 0) return fail(400, `service ${service.name} has no attribute group keyed on ${keyName}`);
  } else {
    if (!Array.isArray(request.attributes) || request.attributes.length === 0) return fail(400, 'attributes must be a non-empty list of group_vN:attribute names');
    for (const qualified of request.attributes) {
      const m = typeof qualified === 'string' ? QUALIFIED.exec(qualified) : null;
      if (!m) return fail(400, `attribute ${JSON.stringify(qualified)} must be qualified as group_vN:attribute`);
      const link = { name: m[1]!, version: Number(m[2]) };
      const group = registry.find('AttributeGroup', link.name, link.version);
      if (!group) return fail(400, `attribute group ${link.name} version ${link.version} not found`);
      if (!attributeNames(group).includes(m[3]!)) return fail(400, `attribute group ${link.name} version ${link.version} has no attribute ${m[3]}`);
      if (group.attribute_key.name !== keyName) return fail(400, `attribute group ${link.name} version ${link.version} is keyed on ${group.attribute_key.name}, not ${keyName}`);
      columns.push({ name: m[3]!, group: link, attribute: m[3]! });
    }
  }

  const response: Record<string, AttributeValue[]> = { [keyName]: ids as string[] };
  for (const column of columns) {
    const name = full ? `${column.group.name}_v${column.group.version}:${column.attribute}` : column.name;
    if (name in response) continue;
    response[name] = (ids as string[]).map((id) => store.get(column.group, id, column.attribute) ?? null);
  }
  return { status: 200, body: response };
}
