/** Intervention and segment criteria: references, shape, `changed`, operators and one attribute key. */
import { didYouMean } from '../../diagnostics.js';
import { isRuleLeaf, isSegmentLeaf, ruleChildren, type Definition } from '../../model.js';
import type { RuleContext } from '../context.js';
import { criteriaTree, ruleNodes, type Path } from '../walk.js';
import { MAX_CONDITIONS } from './criteria.js';
import { checkOperatorValue } from './operators.js';

const ATTRIBUTE_REF = /^([A-Za-z0-9_]{1,128}):([A-Za-z0-9_]{1,128})$/;

function label(d: Definition): string {
  return d.kind === 'Intervention' ? `intervention ${d.spec.name}@${d.spec.version}` : `segment ${d.spec.name}`;
}

/** empty-criteria, too-many-conditions, changed-not-allowed, changed-in-segment */
export function ruleShape(ctx: RuleContext): void {
  ctx.definitions.forEach((d, def) => {
    const root = criteriaTree(d);
    if (!root) return;
    for (const { node, path, ancestors } of ruleNodes(root, ['criteria'])) {
      const branch = ruleChildren(node);
      if (branch) {
        if (branch.children.length === 0) ctx.report(def, [...path, branch.op], 'empty-criteria', `${branch.op} has no conditions in ${label(d)}`, { hint: 'add a condition or remove the list' });
        if (branch.children.length > MAX_CONDITIONS) {
          ctx.report(def, [...path, branch.op], 'too-many-conditions', `${branch.op} has ${branch.children.length} conditions in ${label(d)}; the limit is ${MAX_CONDITIONS}`);
        }
        continue;
      }
      if (!isRuleLeaf(node) || node.operator !== 'changed') continue;
      if (d.kind === 'Segment') {
        ctx.report(def, [...path, 'operator'], 'changed-in-segment', `segment ${d.spec.name} uses changed`, {
          hint: 'a segment says who matches at a point in time; use changed in an intervention',
        });
      } else if (ancestors.some((a) => a !== 'all')) {
        ctx.report(def, [...path, 'operator'], 'changed-not-allowed', `changed is only allowed at the top of the criteria or inside all, not inside ${ancestors.find((a) => a !== 'all')}`, {
          hint: 'move the changed condition to the top level or into an all list',
        });
      }
    }
  });
}

/** invalid-attribute-reference, unknown-attribute, unknown-group, in-needs-list, value-type-mismatch, and operator values */
export function ruleLeaves(ctx: RuleContext): void {
  const { lookup } = ctx;
  ctx.definitions.forEach((d, def) => {
    const root = criteriaTree(d);
    if (!root) return;
    for (const { node, path } of ruleNodes(root, ['criteria'])) {
      if (!isRuleLeaf(node)) continue;
      const m = ATTRIBUTE_REF.exec(node.attribute);
      if (!m) {
        const versioned = /^([A-Za-z0-9_]+)(?:@\d+|_v\d+):([A-Za-z0-9_]+)$/.exec(node.attribute);
        ctx.report(def, [...path, 'attribute'], 'invalid-attribute-reference', `${JSON.stringify(node.attribute)} is not an attribute reference`, {
          hint: versioned ? `criteria name the group without a version: ${versioned[1]}:${versioned[2]}` : 'write group_name:attribute_name',
        });
        continue;
      }
      const group = m[1] ?? '';
      const attribute = m[2] ?? '';
      const versions = lookup.groups.get(group);
      let type: string | undefined;
      const versionedName = /^([A-Za-z0-9_]+)_v\d+$/.exec(group);
      if (!versions && versionedName && lookup.groups.has(versionedName[1] ?? '')) {
        ctx.report(def, [...path, 'attribute'], 'invalid-attribute-reference', `${JSON.stringify(node.attribute)} names a group version`, {
          hint: `criteria name the group without a version: ${versionedName[1]}:${attribute}`,
        });
        continue;
      }
      if (!versions) {
        if (!lookup.isUnparsed('AttributeGroup', group)) {
          const guess = didYouMean(group, lookup.groups.keys());
          const registry = ctx.source === 'registry';
          ctx.report(def, [...path, 'attribute'], 'unknown-group', `attribute group ${group} ${registry ? 'does not exist' : 'is not defined here'}`, {
            ...(registry ? {} : { severity: 'warning' as const }),
            hint: guess ? `did you mean ${guess}:${attribute}?` : registry ? undefined : 'plan checks that it exists in Signals',
          });
        }
      } else {
        const found = lookup.groupWithAttribute(group, attribute);
        if (!found) {
          const names = new Set(versions.flatMap((g) => [...(g.spec.attributes ?? []), ...(g.spec.fields ?? [])].map((a) => a.name)));
          const guess = didYouMean(attribute, names);
          if (!lookup.isUnparsed('AttributeGroup', group)) {
            ctx.report(def, [...path, 'attribute'], 'unknown-attribute', `attribute group ${group} has no attribute ${attribute}`, {
              hint: guess ? `did you mean ${group}:${guess}?` : `attributes of ${group}: ${[...names].slice(0, 12).join(', ')}`,
            });
          }
        } else {
          type = [...(found.spec.attributes ?? []), ...(found.spec.fields ?? [])].find((a) => a.name === attribute)?.type;
        }
      }
      const subject = node.attribute;
      if ((node.operator === 'in' || node.operator === 'not in') && type !== undefined && !type.endsWith('_list') && node.value !== undefined && node.value !== null && !Array.isArray(node.value)) {
        ctx.report(def, [...path, 'value'], 'in-needs-list', `${node.operator} needs a list of values: ${subject} is a ${type}, not a list`, {
          hint: `write value: [${JSON.stringify(node.value)}], or use =`,
        });
        continue;
      }
      checkOperatorValue(ctx, { def, path, operator: node.operator, value: node.value ?? undefined, scalarInAllowed: true, subject });
      if (type !== undefined) checkValueType(ctx, def, path, node.operator, node.value, type, subject);
    }
  });
}

const NUMERIC_TYPES = new Set(['int32', 'int64', 'double', 'float', 'unix_timestamp']);

function checkValueType(ctx: RuleContext, def: number, path: Path, operator: string, value: unknown, type: string, subject: string): void {
  if (value === undefined || value === null || operator.includes('like')) return;
  const base = type.endsWith('_list') ? type.slice(0, -'_list'.length) : type;
  const values = Array.isArray(value) ? value : [value];
  const fits = (v: unknown) =>
    NUMERIC_TYPES.has(base) ? typeof v === 'number' || (base === 'unix_timestamp' && typeof v === 'string') : base === 'bool' ? typeof v === 'boolean' : base === 'dict' ? true : typeof v === 'string';
  const bad = values.find((v) => !fits(v));
  if (bad !== undefined) {
    ctx.report(def, [...path, 'value'], 'value-type-mismatch', `${subject} is a ${type}, compared with ${JSON.stringify(bad)}`, {
      severity: 'warning',
      hint: typeof bad === 'string' && !Number.isNaN(Number(bad)) ? `remove the quotes: ${bad}` : `compare with a ${base} value`,
    });
  }
}

/** unknown-segment, segment-in-registry */
export function segmentReferences(ctx: RuleContext): void {
  const { lookup } = ctx;
  ctx.definitions.forEach((d, def) => {
    const root = criteriaTree(d);
    if (!root) return;
    for (const { node, path } of ruleNodes(root, ['criteria'])) {
      if (!isSegmentLeaf(node)) continue;
      if (ctx.source === 'registry') {
        ctx.report(def, [...path, 'segment'], 'segment-in-registry', `criteria sent to Signals cannot reference the segment ${node.segment}`, {
          hint: 'segments are expanded into plain criteria before publishing',
        });
        continue;
      }
      if (lookup.segments.has(node.segment) || lookup.isUnparsed('Segment', node.segment)) continue;
      const guess = didYouMean(node.segment, lookup.segments.keys());
      ctx.report(def, [...path, 'segment'], 'unknown-segment', `unknown segment ${node.segment}`, {
        hint: guess ? `did you mean ${guess}?` : 'define it with kind: Segment',
      });
    }
  });
}

/** segment-cycle */
export function segmentCycles(ctx: RuleContext): void {
  const { lookup } = ctx;
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]): void => {
    const seg = lookup.segments.get(name);
    if (!seg || state.get(name) === 'done') return;
    state.set(name, 'visiting');
    for (const { node, path } of ruleNodes(seg.spec.criteria, ['criteria'])) {
      if (!isSegmentLeaf(node)) continue;
      if (state.get(node.segment) === 'visiting') {
        const cycle = [...trail, name].slice([...trail, name].indexOf(node.segment));
        ctx.report(seg.index, [...path, 'segment'], 'segment-cycle', `segments reference each other in a loop: ${[...cycle, node.segment].join(' → ')}`, {
          hint: 'a segment cannot contain itself; break the loop',
        });
      } else {
        visit(node.segment, [...trail, name]);
      }
    }
    state.set(name, 'done');
  };
  for (const name of [...lookup.segments.keys()].sort()) visit(name, []);
}
