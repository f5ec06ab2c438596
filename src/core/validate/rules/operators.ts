/** The value an operator takes: none, a scalar, a string, or a list. Shared by both criteria kinds. */
import type { RuleContext } from '../context.js';
import type { Path } from '../walk.js';

const NO_VALUE = new Set(['is null', 'is not null', 'changed']);
const LIST_OPERATORS = new Set(['in', 'not in']);
const STRING_OPERATORS = new Set(['like', 'not like', 'rlike', 'not rlike']);
const ORDER_OPERATORS = new Set(['<', '>', '<=', '>=']);

export interface OperatorCheck {
  def: number;
  path: Path;
  operator: string;
  value: unknown;
  /** Attribute criteria need a list for `in`; intervention criteria also accept a scalar (the attribute is a list). */
  scalarInAllowed: boolean;
  /** What is compared, for messages. */
  subject: string;
}

/** missing-value, unexpected-value, in-needs-list, list-not-allowed, like-needs-string, mixed-list, duplicate-list-value, invalid-regex, invalid-comparison */
export function checkOperatorValue(ctx: RuleContext, c: OperatorCheck): void {
  const { def, path, operator, value } = c;
  const at = [...path, 'value'];
  if (NO_VALUE.has(operator)) {
    if (value !== undefined && value !== null) {
      ctx.report(def, at, 'unexpected-value', `${operator} takes no value (${c.subject})`, { hint: 'remove value' });
    }
    return;
  }
  if (value === undefined || value === null) {
    ctx.report(def, path, 'missing-value', `${operator} needs a value to compare with (${c.subject})`, {
      hint: LIST_OPERATORS.has(operator) ? `add value: [a, b]` : 'add value',
    });
    return;
  }
  if (Array.isArray(value)) {
    if (!LIST_OPERATORS.has(operator)) {
      ctx.report(def, at, 'list-not-allowed', `${operator} compares with one value, not a list (${c.subject})`, { hint: 'use in to match any of several values' });
      return;
    }
    if (value.length === 0) {
      ctx.report(def, at, 'in-needs-list', `${operator} has an empty list, so it can never match (${c.subject})`, { hint: 'list at least one value' });
      return;
    }
    const types = new Set(value.map((v) => typeof v));
    if (types.size > 1) {
      ctx.report(def, at, 'mixed-list', `the values of ${operator} mix ${[...types].join(' and ')} (${c.subject})`, { hint: 'use values of one type' });
    }
    const seen = new Set<unknown>();
    value.forEach((v, i) => {
      if (seen.has(v)) ctx.report(def, [...at, i], 'duplicate-list-value', `${JSON.stringify(v)} is listed twice (${c.subject})`, { severity: 'warning', hint: 'remove the repeated value' });
      seen.add(v);
    });
    return;
  }
  if (LIST_OPERATORS.has(operator) && !c.scalarInAllowed) {
    ctx.report(def, at, 'in-needs-list', `${operator} needs a list of values (${c.subject})`, { hint: `write value: [${JSON.stringify(value)}], or use =` });
    return;
  }
  if (STRING_OPERATORS.has(operator) && typeof value !== 'string') {
    ctx.report(def, at, 'like-needs-string', `${operator} needs a string pattern, not ${JSON.stringify(value)} (${c.subject})`, {
      hint: operator.includes('rlike') ? 'write a regular expression in quotes' : 'write a pattern in quotes, with % and _ as wildcards',
    });
    return;
  }
  if (operator.endsWith('rlike') && typeof value === 'string') {
    try {
      new RegExp(value);
    } catch {
      ctx.report(def, at, 'invalid-regex', `${JSON.stringify(value)} is not a valid regular expression (${c.subject})`, { severity: 'warning' });
    }
  }
  if (ORDER_OPERATORS.has(operator) && typeof value === 'boolean') {
    ctx.report(def, at, 'invalid-comparison', `${operator} cannot order booleans (${c.subject})`, { hint: 'use = or !=' });
  }
}
