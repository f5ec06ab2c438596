/** Iterators over the parts of definitions, each with its canonical path. */
import type {
  Attribute,
  AttributeGroup,
  Criterion,
  Definition,
  EventRef,
  Property,
  RuleNode,
} from '../model.js';
import { ruleChildren } from '../model.js';

export type Path = readonly (string | number)[];

export function* groupAttributes(definitions: readonly Definition[]): Generator<{ def: number; group: AttributeGroup; attribute: Attribute; path: Path }> {
  for (let def = 0; def < definitions.length; def++) {
    const d = definitions[def];
    if (d?.kind !== 'AttributeGroup') continue;
    const attributes = d.spec.attributes ?? [];
    for (let i = 0; i < attributes.length; i++) {
      const attribute = attributes[i];
      if (attribute) yield { def, group: d.spec, attribute, path: ['attributes', i] };
    }
  }
}

export function* criteriaOf(attribute: Attribute, path: Path): Generator<{ criterion: Criterion; path: Path; list: 'all' | 'any' }> {
  for (const list of ['all', 'any'] as const) {
    const items = attribute.criteria?.[list] ?? [];
    for (let i = 0; i < items.length; i++) {
      const criterion = items[i];
      if (criterion) yield { criterion, path: [...path, 'criteria', list, i], list };
    }
  }
}

/** Every property of a definition: attribute properties, criteria properties, key properties. */
export function* propertiesOf(definition: Definition): Generator<{ property: Property; path: Path }> {
  if (definition.kind === 'AttributeKey' && definition.spec.property) {
    yield { property: definition.spec.property, path: ['property'] };
  }
  if (definition.kind !== 'AttributeGroup') return;
  const attributes = definition.spec.attributes ?? [];
  for (let i = 0; i < attributes.length; i++) {
    const attribute = attributes[i];
    if (!attribute) continue;
    const path: Path = ['attributes', i];
    if (attribute.property) yield { property: attribute.property, path: [...path, 'property'] };
    for (const c of criteriaOf(attribute, path)) yield { property: c.criterion.property, path: [...c.path, 'property'] };
  }
}

export function* eventsOf(definition: Definition): Generator<{ event: EventRef; path: Path }> {
  if (definition.kind !== 'AttributeGroup') return;
  const attributes = definition.spec.attributes ?? [];
  for (let i = 0; i < attributes.length; i++) {
    const events = attributes[i]?.events ?? [];
    for (let j = 0; j < events.length; j++) {
      const event = events[j];
      if (event) yield { event, path: ['attributes', i, 'events', j] };
    }
  }
}

export function* durationsOf(definition: Definition): Generator<{ value: string; path: Path }> {
  const spec = definition.spec as { ttl?: string };
  if (definition.kind === 'AttributeKey' || definition.kind === 'AttributeGroup') {
    if (spec.ttl !== undefined) yield { value: spec.ttl, path: ['ttl'] };
  }
  if (definition.kind !== 'AttributeGroup') return;
  const attributes = definition.spec.attributes ?? [];
  for (let i = 0; i < attributes.length; i++) {
    const a = attributes[i];
    if (a?.period !== undefined) yield { value: a.period, path: ['attributes', i, 'period'] };
    if (a?.ttl !== undefined) yield { value: a.ttl, path: ['attributes', i, 'ttl'] };
  }
}

export interface RuleVisit {
  node: RuleNode;
  path: Path;
  /** Branch operators from the root down to (not including) this node. */
  ancestors: readonly ('all' | 'any' | 'none')[];
}

/** Every node of an intervention or segment criteria tree, depth first. */
export function* ruleNodes(root: RuleNode, path: Path): Generator<RuleVisit> {
  const stack: RuleVisit[] = [{ node: root, path, ancestors: [] }];
  while (stack.length > 0) {
    const visit = stack.pop() as RuleVisit;
    yield visit;
    const branch = ruleChildren(visit.node);
    if (!branch) continue;
    for (let i = branch.children.length - 1; i >= 0; i--) {
      const child = branch.children[i];
      if (child) stack.push({ node: child, path: [...visit.path, branch.op, i], ancestors: [...visit.ancestors, branch.op] });
    }
  }
}

/** The criteria tree of an intervention or segment definition, if it has one. */
export function criteriaTree(definition: Definition): RuleNode | undefined {
  if (definition.kind === 'Intervention' || definition.kind === 'Segment') return definition.spec.criteria;
  return undefined;
}
