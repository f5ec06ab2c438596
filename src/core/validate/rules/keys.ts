/** One attribute key per intervention or segment. */
import { isRuleLeaf, isSegmentLeaf, type RuleNode } from '../../model.js';
import type { RuleContext } from '../context.js';
import { criteriaTree, ruleNodes } from '../walk.js';

/** The attribute key of every group the criteria reference (through segments too), by key name. */
export function criteriaKeys(ctx: RuleContext, root: RuleNode): Map<string, Set<string>> {
  const { lookup } = ctx;
  const keys = new Map<string, Set<string>>();
  const seenSegments = new Set<string>();
  const walk = (node: RuleNode) => {
    for (const { node: n } of ruleNodes(node, [])) {
      if (isSegmentLeaf(n)) {
        if (seenSegments.has(n.segment)) continue;
        seenSegments.add(n.segment);
        const seg = lookup.segments.get(n.segment);
        if (seg) walk(seg.spec.criteria);
        continue;
      }
      if (!isRuleLeaf(n)) continue;
      const [group = '', attribute = ''] = n.attribute.split(':');
      const versions = lookup.groups.get(group);
      const g = lookup.groupWithAttribute(group, attribute) ?? versions?.[versions.length - 1];
      if (!g) continue;
      const key = g.spec.attribute_key.name;
      const groups = keys.get(key) ?? new Set<string>();
      groups.add(group);
      keys.set(key, groups);
    }
  };
  walk(root);
  return keys;
}

/** mixed-attribute-keys */
export function singleAttributeKey(ctx: RuleContext): void {
  ctx.definitions.forEach((d, def) => {
    const root = criteriaTree(d);
    if (!root) return;
    const keys = criteriaKeys(ctx, root);
    if (keys.size > 1) {
      const detail = [...keys].map(([key, groups]) => `${[...groups].join(', ')} on ${key}`).join('; ');
      ctx.report(def, ['criteria'], 'mixed-attribute-keys', `the criteria of ${d.kind === 'Intervention' ? 'intervention' : 'segment'} ${d.spec.name} mix attribute keys (${detail})`, {
        hint: 'all groups in one criteria tree must share an attribute key; split it',
      });
      return;
    }
  });
}
