/**
 * The pure half of `plan --replay`: value summaries, and the comparison of two simulations per
 * plan change (what it is compared with, added and removed attributes, uncomputable groups,
 * publish-state changes, retimed firings).
 */
import { describe, expect, it } from 'vitest';
import type { Definition } from '../../src/core/model.js';
import type { PlannedChange, RemoteObject } from '../../src/core/plan/types.js';
import { compareReplays } from '../../src/core/replay/compare.js';
import { summarizeValues } from '../../src/core/replay/summarize.js';
import type { GroupReplay, InterventionReplay } from '../../src/core/replay/types.js';
import { atomic, attribute, group, intervention, pageView, simulate } from '../core/simulate/builders.js';

describe('summarizeValues', () => {
  it('summarizes numbers, ignoring nulls, with the mean rounded to 4 decimals', () => {
    expect(summarizeValues([1, 2, null, 4])).toEqual({ kind: 'number', keys: 3, mean: 2.3333, min: 1, max: 4 });
  });

  it('keeps the 3 most common strings, ties by value', () => {
    expect(summarizeValues(['b', 'a', 'c', 'd', 'a', 'b'])).toEqual({ kind: 'string', keys: 6, distinct: 4, top: [{ value: 'a', keys: 2 }, { value: 'b', keys: 2 }, { value: 'c', keys: 1 }] });
  });

  it('counts booleans, and summarizes lists and dicts by length and most common items', () => {
    expect(summarizeValues([true, false, true])).toEqual({ kind: 'boolean', keys: 3, true: 2, false: 1 });
    expect(summarizeValues([['x', 'y'], ['x'], { x: 2 }])).toEqual({ kind: 'list', keys: 3, mean_length: 1.3333, top: [{ value: 'x', keys: 3 }, { value: 'y', keys: 1 }] });
  });

  it('says none for no values and mixed for mixed types', () => {
    expect(summarizeValues([null, null])).toEqual({ kind: 'none', keys: 0 });
    expect(summarizeValues([1, 'a'])).toEqual({ kind: 'mixed', keys: 2 });
  });
});

const object = (d: Definition): RemoteObject => ({ kind: d.kind as RemoteObject['kind'], spec: d.spec as RemoteObject['spec'], protect: false });
const change = (action: PlannedChange['action'], kind: 'AttributeGroup' | 'Intervention', name: string, version: number): PlannedChange => ({
  id: `${action} ${kind}/${name}@${version}`,
  action,
  kind,
  name,
  version,
  address: `${kind}/${name}@${version}`,
  fields: [],
  warnings: [],
  depends_on: [],
});

const events = [
  pageView('2026-01-01T00:00:00Z', { domain_sessionid: 's1', page_url: 'https://a' }),
  pageView('2026-01-01T00:01:00Z', { domain_sessionid: 's1', page_url: 'https://b' }),
  pageView('2026-01-01T00:02:00Z', { domain_sessionid: 's2', page_url: 'https://a' }),
];
const v1 = group({ name: 'g', attributes: [attribute({ name: 'views' }), attribute({ name: 'old', type: 'string', aggregation: 'first', property: atomic('page_url') })] });
const v2 = group({ name: 'g', version: 2, attributes: [attribute({ name: 'views', criteria: { all: [{ property: atomic('page_url'), operator: '=', value: 'https://a' }] } }), attribute({ name: 'url', type: 'string', aggregation: 'last', property: atomic('page_url') })] });

function sides(before: Definition[], after: Definition[]) {
  return {
    before: { objects: before.map(object), result: simulate(before, events) },
    after: { objects: after.map(object), result: simulate(after, events) },
  };
}

describe('compareReplays', () => {
  it('compares a new version with the deployed one: changed, added and removed attributes', () => {
    const { changes } = compareReplays({ changes: [change('create', 'AttributeGroup', 'g', 2)], ...sides([v1], [v1, v2]), segments: [] });
    const r = changes.get('create AttributeGroup/g@2') as GroupReplay;
    expect(r).toMatchObject({ compared_with: 'g@1', version_after: 'g@2', keys: { before: 2, after: 2, gained: 0, lost: 0 } });
    expect(r.attributes.map((a) => [a.name, a.status, a.keys_changed])).toEqual([
      ['views', 'changed', 1],
      ['url', 'added', 2],
      ['old', 'removed', 2],
    ]);
    expect(r.attributes[0]!.examples).toEqual([{ key: 's1', before: 2, after: 1 }]);
  });

  it('compares a new version with the latest published one when a later version is unpublished', () => {
    const draft = group({ name: 'g', version: 3, is_published: false, attributes: [attribute({ name: 'views' })] });
    const v4 = group({ name: 'g', version: 4, attributes: [attribute({ name: 'views' })] });
    const { changes } = compareReplays({ changes: [change('create', 'AttributeGroup', 'g', 4)], ...sides([v1, draft], [v1, draft, v4]), segments: [] });
    expect(changes.get('create AttributeGroup/g@4')?.compared_with).toBe('g@1');
  });

  it('attaches one replay per object: to the change that edits it, not to its unpublish', () => {
    const { changes } = compareReplays({ changes: [change('unpublish', 'AttributeGroup', 'g', 1), change('update', 'AttributeGroup', 'g', 1)], ...sides([v1], [v1]), segments: [] });
    expect([...changes.keys()]).toEqual(['update AttributeGroup/g@1']);
  });

  it('says why a group is not computed', () => {
    const external = group({ name: 'ext', offline: true, attributes: undefined as never, fields: [{ name: 'x', type: 'int32' }], batch_source: { name: 's', database: 'd', schema: 's', table: 't', timestamp_field: 'ts' } });
    const { changes } = compareReplays({ changes: [change('create', 'AttributeGroup', 'ext', 1)], ...sides([], [external]), segments: [] });
    expect((changes.get('create AttributeGroup/ext@1') as GroupReplay).not_computed).toMatch(/external/);
  });

  it('compares two unpublished intervention versions as if published, and reports retimed firings', () => {
    const early = intervention({ name: 'i', is_published: false, criteria: { attribute: 'g:views', operator: '>=', value: 1 } });
    const late = intervention({ name: 'i', is_published: false, criteria: { attribute: 'g:views', operator: '>=', value: 2 } });
    const { changes } = compareReplays({ changes: [change('update', 'Intervention', 'i', 1)], ...sides([v1, early], [v1, late]), segments: [] });
    const r = changes.get('update Intervention/i@1') as InterventionReplay;
    expect(r).toMatchObject({ hypothetical: true, targets: { before: 2, after: 1, gained: 0, lost: 1, retimed: 1 } });
    expect(r.examples.lost.map((f) => f.target.id)).toEqual(['s2']);
    expect(r.examples.retimed).toEqual([{ target: { name: 'domain_sessionid', id: 's1' }, before: '2026-01-01T00:00:00.000Z', after: '2026-01-01T00:01:00.000Z' }]);
  });
});
