/**
 * What a definition refers to: the attribute key of a group, the group versions a service
 * pins, the groups and attributes an intervention reads. Used to order changes and to find
 * references the plan would break.
 */
import {
  BUILTIN_ATTRIBUTE_KEYS,
  isRuleLeaf,
  isSegmentLeaf,
  ruleChildren,
  type AttributeGroup,
  type Intervention,
  type RemoteKind,
  type RuleNode,
  type Service,
} from '../model.js';
import type { RemoteSpec } from './types.js';

export interface Reference {
  kind: 'AttributeKey' | 'AttributeGroup';
  name: string;
  /** Pinned version; absent when any version will do (intervention criteria). */
  version?: number;
  /** Where the reference is, for messages: `attribute_groups`, `criteria`... */
  via: string;
  /** For criteria: the attribute read (`group:attribute` → `attribute`). */
  attribute?: string;
}

const BUILTINS: ReadonlySet<string> = new Set(BUILTIN_ATTRIBUTE_KEYS);

export function isBuiltinKey(name: string): boolean {
  return BUILTINS.has(name);
}

export function referencesOf(kind: RemoteKind, spec: RemoteSpec): Reference[] {
  const refs: Reference[] = [];
  if (kind === 'AttributeGroup') {
    const group = spec as AttributeGroup;
    if (!isBuiltinKey(group.attribute_key.name)) refs.push({ kind: 'AttributeKey', name: group.attribute_key.name, via: 'attribute_key' });
  } else if (kind === 'Service') {
    for (const link of (spec as Service).attribute_groups) refs.push({ kind: 'AttributeGroup', name: link.name, version: link.version, via: 'attribute_groups' });
  } else if (kind === 'Intervention') {
    const intervention = spec as Intervention;
    for (const leaf of ruleLeaves(intervention.criteria)) {
      const [group, attribute] = splitAttribute(leaf);
      if (group !== undefined) refs.push({ kind: 'AttributeGroup', name: group, via: 'criteria', ...(attribute !== undefined ? { attribute } : {}) });
    }
    for (const link of intervention.payload_attribute_groups ?? []) {
      refs.push({ kind: 'AttributeGroup', name: link.name, version: link.version, via: 'payload_attribute_groups' });
    }
    for (const key of intervention.target_attribute_keys ?? []) {
      if (!isBuiltinKey(key.name)) refs.push({ kind: 'AttributeKey', name: key.name, via: 'target_attribute_keys' });
    }
  }
  return refs;
}

/** `group:attribute` leaves of a criteria tree. */
export function ruleLeaves(node: RuleNode): string[] {
  const out: string[] = [];
  const walk = (n: RuleNode) => {
    if (isRuleLeaf(n)) out.push(n.attribute);
    const branch = ruleChildren(n);
    if (branch) for (const child of branch.children) walk(child);
  };
  walk(node);
  return out;
}

/** Names of `{segment}` leaves still in a criteria tree (they must be expanded before planning). */
export function segmentLeaves(node: RuleNode): string[] {
  const out: string[] = [];
  const walk = (n: RuleNode) => {
    if (isSegmentLeaf(n)) out.push(n.segment);
    const branch = ruleChildren(n);
    if (branch) for (const child of branch.children) walk(child);
  };
  walk(node);
  return out;
}

function splitAttribute(text: string): [string | undefined, string | undefined] {
  const i = text.indexOf(':');
  if (i <= 0) return [undefined, undefined];
  return [text.slice(0, i), text.slice(i + 1)];
}

/** Attribute (and external field) names of a group version. */
export function groupAttributeNames(group: AttributeGroup): string[] {
  return [...(group.attributes ?? []).map((a) => a.name), ...(group.fields ?? []).map((f) => f.name)];
}
