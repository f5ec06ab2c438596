import { describe, expect, it } from 'vitest';
import { diffSpecs } from '../../../src/core/plan/field-diff.js';
import { counter, group, intervention, service } from './builders.js';

describe('diffSpecs', () => {
  it('reports a property that changes type as one change', () => {
    const a = group('g', 1, [counter('c', { aggregation: 'last', type: 'string', property: { type: 'atomic', name: 'page_url' } })]).spec;
    const b = group('g', 1, [counter('c', { aggregation: 'last', type: 'string', property: { type: 'event', vendor: 'v', name: 'e', major_version: 1, path: 'x' } })]).spec;
    expect(diffSpecs('AttributeGroup', a, b)).toEqual([
      { path: 'attributes[c].property', before: { type: 'atomic', name: 'page_url' }, after: { type: 'event', vendor: 'v', name: 'e', major_version: 1, path: 'x' } },
    ]);
  });

  it('compares an in-list as a whole value', () => {
    const crit = (value: string[]) => ({ all: [{ property: { type: 'atomic' as const, name: 'page_url' }, operator: 'in' as const, value }] });
    const a = group('g', 1, [counter('c', { criteria: crit(['a', 'b']) })]).spec;
    const b = group('g', 1, [counter('c', { criteria: crit(['a', 'b', 'c']) })]).spec;
    expect(diffSpecs('AttributeGroup', a, b)).toEqual([{ path: 'attributes[c].criteria.all[0].value', before: ['a', 'b'], after: ['a', 'b', 'c'] }]);
  });

  it('shows a criteria list that grows as one change of the list', () => {
    const leaf = { type: 'atomic' as const, name: 'page_url' };
    const a = group('g', 1, [counter('c', { criteria: { all: [{ property: leaf, operator: '=', value: 'x' }] } })]).spec;
    const b = group('g', 1, [counter('c', { criteria: { all: [{ property: leaf, operator: '=', value: 'x' }, { property: leaf, operator: '!=', value: 'y' }] } })]).spec;
    const [change] = diffSpecs('AttributeGroup', a, b);
    expect(change?.path).toBe('attributes[c].criteria.all');
  });

  it('diffs intervention criteria trees and service links by group name', () => {
    const a = intervention('i', 1, { all: [{ attribute: 'g:a', operator: '>', value: 1 }] }).spec;
    const b = intervention('i', 1, { all: [{ attribute: 'g:a', operator: '>', value: 2 }] }).spec;
    expect(diffSpecs('Intervention', a, b)).toEqual([{ path: 'criteria.all[0].value', before: 1, after: 2 }]);
    const s1 = service('s', [['g', 1], ['h', 1]]).spec;
    const s2 = service('s', [['g', 1]]).spec;
    expect(diffSpecs('Service', s1, s2)).toEqual([{ path: 'attribute_groups[h]', before: { name: 'h', version: 1 } }]);
  });

  it('never reports is_published, name or version as fields', () => {
    const a = group('g', 1, [counter('c')]).spec;
    expect(diffSpecs('AttributeGroup', a, { ...a, is_published: false })).toEqual([]);
  });
});
