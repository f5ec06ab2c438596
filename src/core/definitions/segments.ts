/**
 * Segments inside intervention criteria: `{segment: NAME}` leaves are replaced by the segment's
 * own criteria tree (recursively) before anything is published or diffed, because Signals knows
 * no segments.
 */
import { FailureError } from '../../errors.js';
import { didYouMean } from '../diagnostics.js';
import {
  isSegmentLeaf,
  ruleChildren,
  type Intervention,
  type RuleNode,
  type Segment,
  type SegmentDefinition,
  type WireRuleNode,
} from '../model.js';

export type SegmentSource = readonly (Segment | SegmentDefinition)[] | ReadonlyMap<string, Segment>;

function segmentMap(segments: SegmentSource): ReadonlyMap<string, Segment> {
  if (segments instanceof Map) return segments;
  const map = new Map<string, Segment>();
  for (const s of segments as readonly (Segment | SegmentDefinition)[]) {
    const spec = 'kind' in s ? s.spec : s;
    if (!map.has(spec.name)) map.set(spec.name, spec);
  }
  return map;
}

/**
 * The intervention's criteria with every segment reference expanded. Throws a FailureError
 * (exit 1) for an unknown segment or a cycle; `validateDefinitions` reports both beforehand.
 */
export function expandSegments(intervention: Pick<Intervention, 'name' | 'criteria'>, segments: SegmentSource): WireRuleNode {
  const map = segmentMap(segments);
  const expand = (node: RuleNode, trail: readonly string[]): WireRuleNode => {
    if (isSegmentLeaf(node)) {
      const segment = map.get(node.segment);
      if (!segment) {
        const guess = didYouMean(node.segment, map.keys());
        throw new FailureError('unknown-segment', `intervention ${intervention.name} references the unknown segment ${node.segment}`, {
          ...(guess ? { hint: `did you mean ${guess}?` } : {}),
        });
      }
      if (trail.includes(segment.name)) {
        throw new FailureError('segment-cycle', `segments reference each other in a loop: ${[...trail, segment.name].join(' → ')}`);
      }
      return expand(segment.criteria, [...trail, segment.name]);
    }
    const branch = ruleChildren(node);
    if (!branch) return { ...node } as WireRuleNode;
    return { [branch.op]: branch.children.map((child) => expand(child, trail)) } as WireRuleNode;
  };
  return expand(intervention.criteria, []);
}

/** Whether a criteria tree references any segment. */
export function hasSegmentReferences(node: RuleNode): boolean {
  if (isSegmentLeaf(node)) return true;
  return ruleChildren(node)?.children.some(hasSegmentReferences) ?? false;
}
