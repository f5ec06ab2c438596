import { describe, expect, it } from 'vitest';
import { planChanges } from '../../../src/core/plan/planner.js';
import type { Plan } from '../../../src/core/plan/types.js';
import type { Definition } from '../../../src/core/model.js';
import { counter, group, intervention, key, remote, service, travel } from './builders.js';

const ids = (plan: Plan) => plan.changes.map((c) => c.id);
const codes = (plan: Plan, id: string) => plan.changes.find((c) => c.id === id)?.warnings.map((w) => w.code) ?? [];
const plan = (local: Definition[], state = remote(), options: { scope?: string[]; prune?: boolean } = {}) =>
  planChanges({ local, remote: state, scope: options.scope ?? [], prune: options.prune ?? false });

describe('planChanges: creating', () => {
  it('creates everything from an empty target in dependency order', () => {
    const t = travel();
    const custom = key('account_id');
    const g2 = group('account_activity', 1, [counter('tasks')], { attribute_key: { name: 'account_id' } });
    const p = plan([t.intervention, t.service, t.group, g2, custom]);
    expect(ids(p)).toEqual([
      'create AttributeKey/account_id',
      'create AttributeGroup/account_activity@1',
      'create AttributeGroup/travel_view@1',
      'create Service/travel_service',
      'create Intervention/destination_help@1',
    ]);
    expect(p.summary).toEqual({ create: 5, update: 0, publish: 0, unpublish: 0, delete: 0 });
    expect(p.changes[1]?.depends_on).toEqual(['create AttributeKey/account_id']);
    expect(p.changes[3]?.depends_on).toEqual(['create AttributeGroup/travel_view@1']);
    expect(p.changes[4]?.depends_on).toEqual(['create AttributeGroup/travel_view@1']);
    expect(p.blocked).toBe(false);
  });

  it('shows a new version as what changed from a version the repository adds in the same plan', () => {
    const v1 = group('g', 1, [counter('a')]);
    const v2 = group('g', 2, [counter('a'), counter('b')]);
    const p = plan([v1, v2]);
    expect(p.changes[0]?.based_on).toBeUndefined();
    expect(p.changes[1]?.based_on).toBe('AttributeGroup/g@1');
    expect(p.changes[1]?.fields.map((f) => f.path)).toEqual(['attributes[b]']);
  });

  it('lists every field of a new object, one line per attribute', () => {
    const t = travel();
    const [change] = plan([t.group]).changes;
    const paths = change?.fields.map((f) => f.path);
    expect(paths).toContain('attributes[page_view_count]');
    expect(paths).toContain('attribute_key');
    expect(paths).not.toContain('name');
    expect(paths).not.toContain('version');
    expect(change?.fields.every((f) => f.before === undefined && f.after !== undefined)).toBe(true);
  });

  it('warns that a new group version starts empty, naming the longest window', () => {
    const t = travel();
    const [change] = plan([t.group]).changes;
    const finding = change?.warnings.find((w) => w.code === 'starts-empty');
    expect(finding?.severity).toBe('warning');
    expect(finding?.message).toContain('not backdated');
    expect(finding?.hint).toContain('7d');
    expect(finding?.hint).toContain('backfill_since_tstamp');
  });

  it('does not warn about an empty start when backfill_since_tstamp is set, or for an unpublished group', () => {
    const t = travel();
    t.group.spec.backfill_since_tstamp = '2026-01-01T00:00:00Z';
    expect(codes(plan([t.group]), 'create AttributeGroup/travel_view@1')).not.toContain('starts-empty');
    const draft = group('draft', 1, [counter('c')], { is_published: false });
    expect(codes(plan([draft]), 'create AttributeGroup/draft@1')).not.toContain('starts-empty');
  });

  it('never plans built-in attribute keys', () => {
    const p = plan([key('domain_userid')]);
    expect(p.changes).toEqual([]);
    expect(p.notes.map((n) => n.code)).toEqual(['builtin-key']);
  });
});

describe('planChanges: no changes', () => {
  it('is empty when both sides match', () => {
    const t = travel();
    const p = plan([t.group, t.service, t.intervention], remote(t.group, t.service, t.intervention));
    expect(p.changes).toEqual([]);
    expect(p.summary).toEqual({ create: 0, update: 0, publish: 0, unpublish: 0, delete: 0 });
  });

  it('compares durations as seconds, attributes by name, events as a set and paths without $.', () => {
    const t = travel();
    const target = structuredClone(t.group);
    target.spec.attributes = [...(target.spec.attributes ?? [])].reverse();
    const fam = target.spec.attributes.find((a) => a.name === 'family_destination_count');
    if (fam) fam.period = 'P1W';
    t.group.spec.attributes?.push(counter('two_events', { events: [{ name: 'a' }, { name: 'b' }], property: { type: 'event', vendor: 'v', name: 'e', major_version: 1, path: '$.x' }, aggregation: 'last', type: 'string' }));
    target.spec.attributes.push(counter('two_events', { events: [{ name: 'b' }, { name: 'a' }], property: { type: 'event', vendor: 'v', name: 'e', major_version: 1, path: 'x' }, aggregation: 'last', type: 'string' }));
    expect(plan([t.group], remote(target)).changes).toEqual([]);
  });

  it('treats a remote attribute key link with extra fields as the same key', () => {
    const t = travel();
    const target = structuredClone(t.group);
    (target.spec.attribute_key as unknown as Record<string, unknown>)['description'] = 'The session';
    expect(plan([t.group], remote(target)).changes).toEqual([]);
  });
});

describe('planChanges: updates', () => {
  it('diffs an unpublished version field by field, an attribute removed being one change', () => {
    const t = travel();
    t.group.spec.is_published = false;
    const target = structuredClone(t.group);
    t.group.spec.attributes = [
      counter('page_view_count', { type: 'int64' }),
      counter('destination_page_view_count', { criteria: { all: [{ property: { type: 'atomic', name: 'page_urlpath' }, operator: 'like', value: '%dest%' }] } }),
      counter('new_one'),
    ];
    t.group.spec.ttl = 'P30D';
    const p = plan([t.group], remote(target));
    expect(ids(p)).toEqual(['update AttributeGroup/travel_view@1']);
    expect(p.changes[0]?.fields).toEqual([
      { path: 'attributes[page_view_count].type', before: 'int32', after: 'int64' },
      { path: 'attributes[destination_page_view_count].criteria.all[0].value', before: '%destinations%', after: '%dest%' },
      { path: 'attributes[new_one]', after: { name: 'new_one', type: 'int32', events: [{ vendor: 'com.snowplowanalytics.snowplow', name: 'page_view', version: '1-0-0' }], aggregation: 'counter' } },
      { path: 'attributes[family_destination_count]', before: expect.objectContaining({ name: 'family_destination_count', period: 'P7D' }) },
      { path: 'ttl', after: 'P30D' },
    ]);
    expect(p.blocked).toBe(false);
    expect(p.summary.update).toBe(1);
  });

  it('shows a changed duration in canonical form', () => {
    const t = travel();
    t.group.spec.is_published = false;
    const target = structuredClone(t.group);
    const fam = t.group.spec.attributes?.find((a) => a.name === 'family_destination_count');
    if (fam) fam.period = 'P14D';
    expect(plan([t.group], remote(target)).changes[0]?.fields).toEqual([{ path: 'attributes[family_destination_count].period', before: 'P7D', after: 'P14D' }]);
  });

  it('refuses to edit a published version and offers the next free version', () => {
    const t = travel();
    const target = structuredClone(t.group);
    const other = group('travel_view', 2, [counter('x')], { is_published: false });
    t.group.spec.description = 'changed';
    const p = plan([t.group], remote(target, other));
    const finding = p.changes[0]?.warnings.find((w) => w.code === 'published-version-changed');
    expect(finding?.severity).toBe('error');
    expect(finding?.hint).toContain('version 3');
    expect(p.blocked).toBe(true);
  });

  it('updates a published service in place (services are not versioned)', () => {
    const t = travel();
    const target = structuredClone(t.service);
    t.service.spec.description = 'new';
    const p = plan([t.service], remote(target, t.group));
    expect(ids(p)).toEqual(['update Service/travel_service']);
    expect(p.blocked).toBe(false);
  });

  it('edits a published version by unpublishing it first when the file says is_published: false', () => {
    const t = travel();
    const target = structuredClone(t.group);
    t.group.spec.is_published = false;
    t.group.spec.description = 'changed';
    const p = plan([t.group], remote(target));
    expect(ids(p)).toEqual(['unpublish AttributeGroup/travel_view@1', 'update AttributeGroup/travel_view@1']);
    expect(p.changes[1]?.depends_on).toEqual(['unpublish AttributeGroup/travel_view@1']);
    expect(p.changes[0]?.body?.description).toBeUndefined();
    expect(p.changes[0]?.body?.is_published).toBe(false);
    expect(p.changes[1]?.body?.description).toBe('changed');
    expect(p.blocked).toBe(false);
  });

  it('updates then publishes an unpublished version that changed and should be published', () => {
    const t = travel();
    const target = structuredClone(t.group);
    target.spec.is_published = false;
    target.spec.description = 'old';
    const p = plan([t.group], remote(target));
    expect(ids(p)).toEqual(['update AttributeGroup/travel_view@1', 'publish AttributeGroup/travel_view@1']);
    expect(p.changes[0]?.body?.is_published).toBe(false);
    expect(p.changes[1]?.depends_on).toEqual(['update AttributeGroup/travel_view@1']);
  });
});

describe('planChanges: publish and unpublish', () => {
  it('a publish-only change is publish, with only is_published in the fields', () => {
    const t = travel();
    const target = structuredClone(t.group);
    target.spec.is_published = false;
    const p = plan([t.group], remote(target));
    expect(ids(p)).toEqual(['publish AttributeGroup/travel_view@1']);
    expect(p.changes[0]?.fields).toEqual([{ path: 'is_published', before: false, after: true }]);
    expect(codes(p, 'publish AttributeGroup/travel_view@1')).toContain('starts-empty');
  });

  it('an unpublish-only change is unpublish, and warns when a published service still pins the version', () => {
    const t = travel();
    const target = structuredClone(t.group);
    t.group.spec.is_published = false;
    const p = plan([t.group, t.service], remote(target, t.service));
    expect(ids(p)).toEqual(['unpublish AttributeGroup/travel_view@1']);
    const inUse = p.changes[0]?.warnings.find((w) => w.code === 'in-use');
    expect(inUse?.severity).toBe('error');
    expect(inUse?.message).toContain('Service travel_service');
  });

  it('never unpublishes a protected definition', () => {
    const t = travel();
    const target = structuredClone(t.group);
    t.group.spec.is_published = false;
    t.group.protect = true;
    const p = plan([t.group], remote(target));
    expect(codes(p, 'unpublish AttributeGroup/travel_view@1')).toContain('protected');
    expect(p.blocked).toBe(true);
  });
});

describe('planChanges: version bumps', () => {
  it('creates the new version, repins the service, and warns that v2 starts empty without v1 values', () => {
    const t = travel();
    const v1 = structuredClone(t.group);
    const v2 = group('travel_view', 2, [...(t.group.spec.attributes ?? []), counter('extra')]);
    const svc = service('travel_service', [['travel_view', 2]]);
    const p = plan([v1, v2, svc], remote(v1, t.service));
    expect(ids(p)).toEqual(['create AttributeGroup/travel_view@2', 'update Service/travel_service']);
    expect(p.changes[0]?.based_on).toBe('AttributeGroup/travel_view@1');
    expect(p.changes[0]?.fields.map((f) => f.path)).toEqual(['attributes[extra]']);
    expect(p.changes[1]?.fields).toEqual([{ path: 'attribute_groups[travel_view].version', before: 1, after: 2 }]);
    expect(p.changes[1]?.depends_on).toEqual(['create AttributeGroup/travel_view@2']);
    const empty = p.changes[0]?.warnings.find((w) => w.code === 'starts-empty');
    expect(empty?.message).toContain('travel_view@1 are not carried over');
    expect(codes(p, 'create AttributeGroup/travel_view@2')).not.toContain('service-pins-old-version');
  });

  it('warns when a service still pins the old version after a bump', () => {
    const t = travel();
    const v2 = group('travel_view', 2, [counter('page_view_count')]);
    const p = plan([t.group, v2, t.service], remote(t.group, t.service));
    const finding = p.changes[0]?.warnings.find((w) => w.code === 'service-pins-old-version');
    expect(finding?.message).toContain('travel_service still pins travel_view@1');
    expect(finding?.hint).toContain('travel_view@2');
  });

  it('mentions when the pinning service is not defined in the repository', () => {
    const t = travel();
    const v2 = group('travel_view', 2, [counter('page_view_count')]);
    const p = plan([v2], remote(t.group, t.service));
    expect(p.changes[0]?.warnings.find((w) => w.code === 'service-pins-old-version')?.hint).toContain('not defined in this repository');
  });

  it('warns that an older intervention version stays published', () => {
    const t = travel();
    const v2 = intervention('destination_help', 2, { attribute: 'travel_view:destination_page_view_count', operator: '>=', value: 5 });
    const p = plan([t.group, t.intervention, v2], remote(t.group, t.intervention));
    expect(codes(p, 'create Intervention/destination_help@2')).toContain('previous-version-published');
  });
});

describe('planChanges: prune and scope', () => {
  const t = travel();
  const state = () =>
    remote(t.group, t.service, t.intervention, group('other_team', 1, [counter('c')]), group('legacy_view', 1, [counter('c')]), key('domain_userid'), key('old_key'));

  it('deletes nothing without --prune, and says what is not managed', () => {
    const p = plan([t.group, t.service, t.intervention], state(), { scope: ['legacy_*', 'old_*'] });
    expect(p.changes).toEqual([]);
    expect(p.notes.find((n) => n.code === 'not-managed')?.message).toContain('AttributeGroup/legacy_view@1');
  });

  it('deletes only objects in scope, never built-in keys, removals in reverse dependency order', () => {
    const p = plan([], state(), { scope: ['*', '!other_*'], prune: true });
    expect(ids(p)).toEqual([
      'delete Intervention/destination_help@1',
      'delete Service/travel_service',
      'delete AttributeGroup/legacy_view@1',
      'delete AttributeGroup/travel_view@1',
      'delete AttributeKey/old_key',
    ]);
    expect(p.changes.find((c) => c.id === 'delete AttributeGroup/travel_view@1')?.depends_on).toEqual([
      'delete Intervention/destination_help@1',
      'delete Service/travel_service',
    ]);
    expect(p.blocked).toBe(false);
  });

  it('keeps protected remote objects out of a prune', () => {
    const state = remote(group('keep_me', 1, [counter('c')], {}, true));
    const p = plan([], state, { scope: ['*'], prune: true });
    expect(p.changes).toEqual([]);
    expect(p.notes.map((n) => n.code)).toContain('protected');
  });

  it('blocks deleting a group version a remaining service pins', () => {
    const p = plan([t.service], remote(t.group, t.service), { scope: ['travel_*'], prune: true });
    expect(ids(p)).toEqual(['delete AttributeGroup/travel_view@1']);
    const finding = p.changes[0]?.warnings.find((w) => w.code === 'in-use');
    expect(finding?.severity).toBe('error');
    expect(codes(p, 'delete AttributeGroup/travel_view@1')).not.toContain('unknown-reference');
    expect(p.blocked).toBe(true);
  });

  it('says that --prune without a scope deletes nothing', () => {
    const p = plan([], state(), { prune: true });
    expect(p.changes).toEqual([]);
    expect(p.notes.map((n) => n.code)).toContain('prune-without-scope');
  });
});

describe('planChanges: references', () => {
  it('flags a pinned group version neither side has, listing the versions that exist', () => {
    const t = travel();
    const svc = service('travel_service', [['travel_view', 3]]);
    const p = plan([svc], remote(t.group));
    const finding = p.changes[0]?.warnings.find((w) => w.code === 'unknown-reference');
    expect(finding?.severity).toBe('error');
    expect(finding?.hint).toBe('available: travel_view@1');
  });

  it('suggests a close name for an unknown group', () => {
    const t = travel();
    const svc = service('travel_service', [['travel_veiw', 1]]);
    expect(plan([svc], remote(t.group)).changes[0]?.warnings.find((w) => w.code === 'unknown-reference')?.hint).toBe('did you mean travel_view?');
  });

  it('resolves a reference to a group only the target has', () => {
    const t = travel();
    expect(plan([t.service], remote(t.group)).changes[0]?.warnings).toEqual([]);
  });

  it('flags an unknown custom attribute key on a group', () => {
    const g = group('g', 1, [counter('c')], { attribute_key: { name: 'account_id' } });
    expect(codes(plan([g]), 'create AttributeGroup/g@1')).toContain('unknown-reference');
  });

  it('warns when a published service pins an unpublished version', () => {
    const g = group('g', 1, [counter('c')], { is_published: false });
    const svc = service('s', [['g', 1]]);
    expect(codes(plan([g, svc]), 'create Service/s')).toContain('references-unpublished');
  });

  it('warns when an intervention loses the attribute it reads', () => {
    const t = travel();
    t.group.spec.is_published = false;
    const target = structuredClone(t.group);
    target.spec.is_published = true;
    const p = plan([t.group, t.intervention], remote(target, t.intervention));
    const change = p.changes.find((c) => c.id === 'unpublish AttributeGroup/travel_view@1');
    expect(change?.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['in-use', 'attribute-removed']));
  });

  it('reports a segment leaf that was not expanded', () => {
    const t = travel();
    const i = intervention('i', 1, { all: [{ segment: 'family_fun' }] });
    expect(codes(plan([t.group, i]), 'create Intervention/i@1')).toContain('unexpanded-segment');
  });

  it('ignores Segment definitions', () => {
    const seg: Definition = { kind: 'Segment', protect: false, spec: { name: 's', criteria: { attribute: 'g:a', operator: '>', value: 1 } } };
    expect(plan([seg]).changes).toEqual([]);
  });
});

describe('planChanges: determinism and fingerprint', () => {
  it('gives the same plan for inputs in any order', () => {
    const t = travel();
    const state = remote(group('legacy', 1, [counter('c')]), key('k'), t.group);
    const a = plan([t.intervention, t.service, key('new_key'), group('b', 1, [counter('c')])], state, { scope: ['*'], prune: true });
    const reversed = remote(...[...state.objects].reverse().map((o) => ({ ...o }) as never));
    const b = plan([group('b', 1, [counter('c')]), key('new_key'), t.service, t.intervention], reversed, { scope: ['*'], prune: true });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('fingerprints the remote state: stable, sensitive to any change in scope', () => {
    const t = travel();
    const a = plan([t.group], remote(t.group, t.service));
    const b = plan([t.group], remote(t.service, t.group));
    expect(a.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(b.fingerprint).toBe(a.fingerprint);
    const changed = structuredClone(t.service);
    changed.spec.description = 'edited in Console';
    expect(plan([t.group], remote(t.group, changed)).fingerprint).not.toBe(a.fingerprint);
    expect(Object.keys(a.remoteHashes)).toEqual(['AttributeGroup/travel_view@1', 'Service/travel_service']);
  });

  it('with a scope, fingerprints only objects in scope or named by the definitions', () => {
    const t = travel();
    const other = group('other_team', 1, [counter('c')]);
    const a = plan([t.service], remote(t.group, t.service, other), { scope: ['travel_*'] });
    expect(Object.keys(a.remoteHashes)).toEqual(['AttributeGroup/travel_view@1', 'Service/travel_service']);
    const edited = structuredClone(other);
    edited.spec.description = 'x';
    expect(plan([t.service], remote(t.group, t.service, edited), { scope: ['travel_*'] }).fingerprint).toBe(a.fingerprint);
    expect(a.fingerprintScope).toEqual({ scope: ['travel_*'], names: ['AttributeGroup/travel_view', 'Service/travel_service'] });
  });
});
