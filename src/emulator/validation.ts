/**
 * What the emulator checks beyond the shape of a body: references against what the registry
 * holds (a group's attribute key, a service's group versions, an intervention's attributes,
 * targets and payload groups), then the definition rules `signals validate` applies, through
 * an injectable `SemanticCheck`.
 */
import { ruleChildren, type AttributeGroup, type Intervention, type RemoteKind, type RuleNode, type Service } from '../core/model.js';
import { specToWire, type SpecOf, type WireIssue } from '../core/wire.js';
import type { Registry } from './registry.js';

/** Extra rules for a submitted definition; `loc`s start with `body`. */
export type SemanticCheck = <K extends RemoteKind>(kind: K, spec: SpecOf<K>, registry: Registry) => WireIssue[];

export function checkDefinition<K extends RemoteKind>(kind: K, spec: SpecOf<K>, registry: Registry, semantic?: SemanticCheck): WireIssue[] {
  const issues = referenceIssues(kind, spec, registry);
  if (!semantic) return issues;
  // Both layers resolve references; report each problem once, at the place the first one found it.
  const taken = issues.map((i) => i.loc.join('\u0000'));
  const overlaps = (loc: string) => taken.some((t) => t === loc || t.startsWith(`${loc}\u0000`) || loc.startsWith(`${t}\u0000`));
  for (const issue of semantic(kind, spec, registry)) if (!overlaps(issue.loc.join('\u0000'))) issues.push(issue);
  return issues;
}

function referenceIssues<K extends RemoteKind>(kind: K, spec: SpecOf<K>, registry: Registry): WireIssue[] {
  const issues: WireIssue[] = [];
  const push = (loc: (string | number)[], msg: string) => issues.push({ loc: ['body', ...loc], msg, type: 'value_error' });
  if (kind === 'AttributeGroup') {
    const group = spec as AttributeGroup;
    if (!registry.key(group.attribute_key.name)) {
      push(['attribute_key', 'name'], `attribute key ${group.attribute_key.name} does not exist; create it first`);
    }
  } else if (kind === 'Service') {
    (spec as Service).attribute_groups.forEach((link, i) => {
      if (!registry.find('AttributeGroup', link.name, link.version)) push(['attribute_groups', i], `attribute group ${link.name} version ${link.version} does not exist`);
    });
  } else if (kind === 'Intervention') {
    const intervention = spec as Intervention;
    walkLeaves(intervention.criteria, ['criteria'], (attribute, loc) => {
      const [group, name] = attribute.split(':');
      if (group === undefined || name === undefined) return;
      if (!registry.latest('AttributeGroup', group)) push([...loc, 'attribute'], `attribute group ${group} does not exist`);
      else if (!registry.hasGroupAttribute(group, name)) push([...loc, 'attribute'], `no version of attribute group ${group} has an attribute ${name}`);
    });
    intervention.target_attribute_keys?.forEach((k, i) => {
      if (!registry.key(k.name)) push(['target_attribute_keys', i, 'name'], `attribute key ${k.name} does not exist`);
    });
    intervention.payload_attribute_groups?.forEach((link, i) => {
      if (!registry.find('AttributeGroup', link.name, link.version)) push(['payload_attribute_groups', i], `attribute group ${link.name} version ${link.version} does not exist`);
    });
  }
  return issues;
}

function walkLeaves(node: RuleNode, loc: (string | number)[], visit: (attribute: string, loc: (string | number)[]) => void): void {
  const branch = ruleChildren(node);
  if (branch) {
    branch.children.forEach((child, i) => walkLeaves(child, [...loc, branch.op, i], visit));
    return;
  }
  const attribute = (node as { attribute?: unknown }).attribute;
  if (typeof attribute === 'string') visit(attribute, loc);
}

/** Every `group:attribute` an intervention's criteria read. */
export function ruleAttributes(node: RuleNode): string[] {
  const out: string[] = [];
  walkLeaves(node, [], (attribute) => out.push(attribute));
  return out;
}

/** Whether two versions of a definition differ in anything but `is_published`. */
export function definitionChanged(kind: RemoteKind, a: SpecOf<RemoteKind>, b: SpecOf<RemoteKind>): boolean {
  const strip = (spec: SpecOf<RemoteKind>) => stableJson({ ...specToWire(kind, spec), is_published: undefined });
  return strip(a) !== strip(b);
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => x.localeCompare(y)))
      : v,
  );
}
