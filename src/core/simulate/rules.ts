/**
 * Segment and intervention criteria: trees of `all` / `any` / `none` over leaves
 * `{attribute: group:attribute, operator, value}` and `{segment: NAME}`, compiled once into
 * evaluators that read attribute values through a context.
 *
 * Leaf rules: an unpopulated attribute (null) makes every operator false except `is null`;
 * `like` is a whole-string SQL LIKE, `rlike` a regular-expression search; `in`/`not in` with a
 * list test membership, with a scalar the attribute must be a list containing it; comparisons
 * are numeric when the value is a number and the attribute numeric.
 */
import type { CriterionValue, RuleLeaf, RuleNode, RuleOperator, Scalar } from '../model.js';
import { isRuleLeaf, isSegmentLeaf, ruleChildren } from '../model.js';
import { orderTest } from './criteria.js';
import { compareOrder, compileLike, compileRegex, inList, likeText, listContains, looseEquals } from './operators.js';
import { deepEqual, isScalar, type Value } from './values.js';

export interface AttrRef {
  group: number;
  attr: number;
}

export interface RuleContext {
  /** The attribute's value as served (default_value applied); null when unpopulated. */
  value(ref: AttrRef): Value;
  /** Whether the attribute changed with the event being evaluated (level evaluations: true). */
  changed(ref: AttrRef): boolean;
}

export type RuleEvaluator = (ctx: RuleContext) => boolean;

export interface CompiledRule {
  evaluate: RuleEvaluator;
  /** Every attribute the tree reads (segments expanded), without duplicates. */
  refs: AttrRef[];
  /** Attributes under a `changed` leaf. */
  changedRefs: AttrRef[];
  /** `group:attribute` references that resolve to nothing computed here. */
  unresolved: string[];
  /** Problems found while compiling (cycles, unknown segments, invalid regexes). */
  problems: string[];
}

export interface RuleEnvironment {
  /** Resolve `group:attribute` to a computed attribute; undefined when it is not computed locally. */
  resolve(attribute: string): AttrRef | undefined;
  /** The criteria of a local segment. */
  segment(name: string): RuleNode | undefined;
}

const FALSE: RuleEvaluator = () => false;
const NULL_READ: RuleEvaluator = () => false;

/** Evaluate one operator against a value; `x` is null when unpopulated. */
export function evaluateOperator(operator: Exclude<RuleOperator, 'changed'>, x: Value, value: CriterionValue | null | undefined): boolean {
  if (operator === 'is null') return x === null;
  if (x === null) return false;
  switch (operator) {
    case 'is not null':
      return true;
    case '=':
      return equalsValue(x, value);
    case '!=':
      return !equalsValue(x, value);
    case '<':
    case '>':
    case '<=':
    case '>=': {
      if (value === null || value === undefined || Array.isArray(value)) return false;
      const sign = compareOrder(x, value);
      return sign !== undefined && orderTest(operator)(sign);
    }
    case 'like':
    case 'not like': {
      const text = likeText(x);
      if (text === undefined || value === null || value === undefined || Array.isArray(value)) return false;
      const hit = compileLike(String(value))(text);
      return operator === 'like' ? hit : !hit;
    }
    case 'rlike':
    case 'not rlike': {
      const text = likeText(x);
      const re = value === null || value === undefined || Array.isArray(value) ? undefined : compileRegex(String(value));
      if (text === undefined || re === undefined) return false;
      const hit = re.test(text);
      return operator === 'rlike' ? hit : !hit;
    }
    case 'in':
    case 'not in': {
      if (value === null || value === undefined) return false;
      const hit = Array.isArray(value) ? isScalar(x) && inList(x, value) : listContains(x, value);
      return operator === 'in' ? hit : !hit;
    }
  }
}

function equalsValue(x: Value, value: CriterionValue | null | undefined): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return Array.isArray(x) ? deepEqual(x, value) : isScalar(x) && inList(x, value);
  return isScalar(x) && looseEquals(x, value as Scalar);
}

function sameRef(a: AttrRef, b: AttrRef): boolean {
  return a.group === b.group && a.attr === b.attr;
}

function addRef(list: AttrRef[], ref: AttrRef): void {
  if (!list.some((r) => sameRef(r, ref))) list.push(ref);
}

/** Compile a criteria tree. `{segment}` leaves are expanded (cycles evaluate false and are reported). */
export function compileRule(node: RuleNode, env: RuleEnvironment): CompiledRule {
  const out: CompiledRule = { evaluate: FALSE, refs: [], changedRefs: [], unresolved: [], problems: [] };
  out.evaluate = compileNode(node, env, out, []);
  return out;
}

function compileNode(node: RuleNode, env: RuleEnvironment, out: CompiledRule, stack: string[]): RuleEvaluator {
  if (isSegmentLeaf(node)) {
    if (stack.includes(node.segment)) {
      out.problems.push(`segment ${node.segment} refers to itself (${[...stack, node.segment].join(' → ')}); treated as false`);
      return FALSE;
    }
    const criteria = env.segment(node.segment);
    if (criteria === undefined) {
      out.problems.push(`unknown segment ${node.segment}; treated as false`);
      return FALSE;
    }
    return compileNode(criteria, env, out, [...stack, node.segment]);
  }
  if (isRuleLeaf(node)) return compileLeaf(node, env, out);
  const branch = ruleChildren(node);
  if (branch === undefined) return FALSE;
  const children = branch.children.map((c) => compileNode(c, env, out, stack));
  switch (branch.op) {
    case 'all':
      return (ctx) => {
        for (const c of children) if (!c(ctx)) return false;
        return true;
      };
    case 'any':
      return (ctx) => {
        for (const c of children) if (c(ctx)) return true;
        return false;
      };
    case 'none':
      return (ctx) => {
        for (const c of children) if (c(ctx)) return false;
        return true;
      };
  }
}

function compileLeaf(leaf: RuleLeaf, env: RuleEnvironment, out: CompiledRule): RuleEvaluator {
  const ref = env.resolve(leaf.attribute);
  if (ref === undefined) {
    if (!out.unresolved.includes(leaf.attribute)) out.unresolved.push(leaf.attribute);
    if (leaf.operator === 'is null') return () => true;
    return NULL_READ;
  }
  addRef(out.refs, ref);
  if (leaf.operator === 'changed') {
    addRef(out.changedRefs, ref);
    return (ctx) => ctx.changed(ref);
  }
  const operator = leaf.operator;
  let value = leaf.value;
  if ((operator === 'rlike' || operator === 'not rlike') && typeof value === 'string' && compileRegex(value) === undefined) {
    out.problems.push(`invalid regular expression ${JSON.stringify(value)} in ${leaf.attribute}; the leaf is false`);
    return FALSE;
  }
  // `= null` / `!= null` read as `is null` / `is not null`.
  if (value === null && (operator === '=' || operator === '!=')) {
    return operator === '=' ? (ctx) => ctx.value(ref) === null : (ctx) => ctx.value(ref) !== null;
  }
  if (value === null) value = undefined;
  return (ctx) => evaluateOperator(operator, ctx.value(ref), value);
}
