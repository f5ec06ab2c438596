/** Attribute criteria (event filters): one of all / any, non-empty, operators with fitting values. */
import type { RuleContext } from '../context.js';
import { criteriaOf, groupAttributes } from '../walk.js';
import { checkOperatorValue } from './operators.js';

export const MAX_CONDITIONS = 100;

/** criteria-all-and-any, empty-criteria, too-many-conditions */
export function attributeCriteriaShape(ctx: RuleContext): void {
  for (const { def, attribute: a, path } of groupAttributes(ctx.definitions)) {
    const criteria = a.criteria;
    if (!criteria) continue;
    const at = [...path, 'criteria'];
    if (criteria.all !== undefined && criteria.any !== undefined) {
      ctx.report(def, at, 'criteria-all-and-any', `the criteria of ${a.name} have both all and any`, {
        hint: 'Signals reads only one of them: keep all (every condition) or any (at least one)',
      });
    }
    if (criteria.all === undefined && criteria.any === undefined) {
      ctx.report(def, at, 'empty-criteria', `the criteria of ${a.name} have no conditions`, { hint: 'add all: [...] or any: [...], or remove criteria' });
    }
    for (const list of ['all', 'any'] as const) {
      const items = criteria[list];
      if (items === undefined) continue;
      if (items.length === 0) ctx.report(def, [...at, list], 'empty-criteria', `criteria.${list} of ${a.name} is empty`, { hint: 'add a condition or remove the list' });
      if (items.length > MAX_CONDITIONS) {
        ctx.report(def, [...at, list], 'too-many-conditions', `criteria.${list} of ${a.name} has ${items.length} conditions; the limit is ${MAX_CONDITIONS}`);
      }
    }
  }
}

/** Operator/value shape of attribute criteria (see operators.ts for the codes). */
export function attributeCriteriaValues(ctx: RuleContext): void {
  for (const { def, attribute: a, path } of groupAttributes(ctx.definitions)) {
    for (const { criterion, path: at } of criteriaOf(a, path)) {
      checkOperatorValue(ctx, {
        def,
        path: at,
        operator: criterion.operator,
        value: criterion.value,
        scalarInAllowed: false,
        subject: `criteria of ${a.name}`,
      });
    }
  }
}
