import { describe, expect, it } from 'vitest';
import { applyChanges, type ApplyClient } from '../../src/app/apply.js';
import { planChanges } from '../../src/core/plan/planner.js';
import type { RemoteDefinition } from '../../src/core/wire.js';
import { counter, group, key, remote, service, travel } from '../core/plan/builders.js';

/** Records calls; fails those whose `kind/name` is in `failing`; each call takes a few ticks. */
function fakeClient(failing: string[] = []) {
  const calls: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const run = async (label: string, id: string) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    inFlight--;
    calls.push(label);
    if (failing.includes(id)) throw new Error(`Signals API answered 500 to ${label}`);
  };
  const idOf = (d: RemoteDefinition) => `${d.kind}/${d.spec.name}`;
  const client: ApplyClient = {
    upsert: async (d) => {
      await run(`upsert ${idOf(d)}`, idOf(d));
      return { action: 'created', definition: d };
    },
    update: async (d) => {
      await run(`put ${idOf(d)} published=${d.spec.is_published}`, idOf(d));
      return d;
    },
    setPublished: async (d, p) => {
      await run(`put ${idOf(d)} published=${p}`, idOf(d));
      return d;
    },
    remove: async (kind, name) => {
      await run(`delete ${kind}/${name}`, `${kind}/${name}`);
      return true;
    },
  };
  return { client, calls, maxInFlight: () => maxInFlight };
}

describe('applyChanges', () => {
  it('applies in dependency order, concurrently within a stage', async () => {
    const t = travel();
    const local = [key('k1'), key('k2'), t.group, group('g2', 1, [counter('c')]), t.service, t.intervention];
    const plan = planChanges({ local, remote: remote(), scope: [], prune: false });
    const fake = fakeClient();
    const results = await applyChanges(plan.changes, fake.client, { concurrency: 4 });
    expect(results.every((r) => r.status === 'done')).toBe(true);
    const pos = (label: string) => fake.calls.indexOf(label);
    expect(pos('upsert AttributeKey/k1')).toBeLessThan(pos('upsert AttributeGroup/travel_view'));
    expect(pos('upsert AttributeKey/k2')).toBeLessThan(pos('upsert AttributeGroup/g2'));
    expect(pos('upsert AttributeGroup/travel_view')).toBeLessThan(pos('upsert Service/travel_service'));
    expect(pos('upsert Service/travel_service')).toBeLessThan(pos('upsert Intervention/destination_help'));
    expect(fake.maxInFlight()).toBe(2);
  });

  it('never exceeds the concurrency limit', async () => {
    const local = Array.from({ length: 9 }, (_, i) => key(`k${i}`));
    const plan = planChanges({ local, remote: remote(), scope: [], prune: false });
    const fake = fakeClient();
    await applyChanges(plan.changes, fake.client, { concurrency: 3 });
    expect(fake.maxInFlight()).toBe(3);
    expect(fake.calls).toHaveLength(9);
  });

  it('skips the dependents of a failed change and carries on with the rest', async () => {
    const t = travel();
    const other = group('other', 1, [counter('c')]);
    const plan = planChanges({ local: [t.group, other, t.service, t.intervention, service('other_service', [['other', 1]])], remote: remote(), scope: [], prune: false });
    const fake = fakeClient(['AttributeGroup/travel_view']);
    const results = await applyChanges(plan.changes, fake.client);
    const status = Object.fromEntries(results.map((r) => [r.id, r.status]));
    expect(status).toEqual({
      'create AttributeGroup/other@1': 'done',
      'create AttributeGroup/travel_view@1': 'failed',
      'create Service/other_service': 'done',
      'create Service/travel_service': 'skipped',
      'create Intervention/destination_help@1': 'skipped',
    });
    expect(results.find((r) => r.status === 'failed')?.error).toContain('500');
    expect(results.find((r) => r.id === 'create Service/travel_service')?.error).toBe('skipped because create AttributeGroup/travel_view@1 failed');
  });

  it('unpublishes a published object before deleting it, after its users let go', async () => {
    const t = travel();
    const plan = planChanges({ local: [], remote: remote(t.group, t.intervention), scope: ['*'], prune: true });
    const fake = fakeClient();
    await applyChanges(plan.changes, fake.client);
    expect(fake.calls).toEqual([
      'put Intervention/destination_help published=false',
      'delete Intervention/destination_help',
      'put AttributeGroup/travel_view published=false',
      'delete AttributeGroup/travel_view',
    ]);
  });

  it('sends publish and unpublish as a PUT with is_published flipped', async () => {
    const t = travel();
    const off = structuredClone(t.service);
    off.spec.is_published = false;
    const plan = planChanges({ local: [t.group, off], remote: remote({ ...t.group, spec: { ...t.group.spec, is_published: false } }, t.service), scope: [], prune: false });
    const fake = fakeClient();
    await applyChanges(plan.changes, fake.client);
    expect(fake.calls.sort()).toEqual(['put AttributeGroup/travel_view published=true', 'put Service/travel_service published=false']);
  });

  it('starts nothing once interrupted', async () => {
    const plan = planChanges({ local: [key('a'), key('b')], remote: remote(), scope: [], prune: false });
    const controller = new AbortController();
    controller.abort();
    const fake = fakeClient();
    const results = await applyChanges(plan.changes, fake.client, { signal: controller.signal });
    expect(results.map((r) => r.status)).toEqual(['skipped', 'skipped']);
    expect(fake.calls).toEqual([]);
  });

  it('edits a published version only after unpublishing it', async () => {
    const t = travel();
    const edited = structuredClone(t.group);
    edited.spec.is_published = false;
    edited.spec.description = 'new';
    const plan = planChanges({ local: [edited], remote: remote(t.group), scope: [], prune: false });
    const fake = fakeClient();
    await applyChanges(plan.changes, fake.client);
    expect(fake.calls).toEqual(['put AttributeGroup/travel_view published=false', 'put AttributeGroup/travel_view published=false']);
  });
});

