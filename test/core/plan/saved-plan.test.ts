import { describe, expect, it } from 'vitest';
import { planChanges } from '../../../src/core/plan/planner.js';
import { readSavedPlan, savedPlanDocument } from '../../../src/core/plan/saved-plan.js';
import { counter, group, remote, travel } from './builders.js';

const target = { name: 'prod', api_url: 'http://127.0.0.1:9' };

function roundTrip() {
  const t = travel();
  const v2 = group('travel_view', 2, [counter('page_view_count')]);
  const plan = planChanges({ local: [t.group, v2, t.service], remote: remote(t.group, group('old', 1, [counter('c')])), scope: ['*'], prune: true });
  const doc = savedPlanDocument(plan, target, { toolVersion: '1.2.3', createdAt: '2026-01-01T00:00:00.000Z', prune: true });
  return { plan, doc, json: JSON.parse(JSON.stringify(doc)) as unknown };
}

describe('saved plans', () => {
  it('round-trip: what apply reads back is the plan that was saved', () => {
    const { plan, json } = roundTrip();
    const read = readSavedPlan(json);
    if (!read.ok) throw new Error(read.problems.join('\n'));
    expect(read.value.target).toEqual(target);
    expect(read.value.plan.fingerprint).toBe(plan.fingerprint);
    expect(read.value.plan.remoteHashes).toEqual(plan.remoteHashes);
    expect(read.value.plan.summary).toEqual(plan.summary);
    expect(read.value.plan.changes.map((c) => [c.id, c.body, c.remote, c.depends_on])).toEqual(plan.changes.map((c) => [c.id, c.body, c.remote, c.depends_on]));
  });

  it('holds wire bodies and the SPEC fields', () => {
    const { doc } = roundTrip();
    expect(doc.schema_version).toBe(1);
    expect(doc.saved_plan.format).toBe('signals-plan');
    const create = doc.changes.find((c) => c.action === 'create');
    expect(create?.body?.['attribute_key']).toEqual({ name: 'domain_sessionid' });
    const del = doc.changes.find((c) => c.action === 'delete');
    expect(del?.remote?.['name']).toBe('old');
  });

  it('refuses something that is not a saved plan', () => {
    expect(readSavedPlan([])).toEqual({ ok: false, problems: ['the file is not a JSON object'] });
    const plain = readSavedPlan({ schema_version: 1, changes: [] });
    expect(plain.ok).toBe(false);
    if (!plain.ok) expect(plain.problems[0]).toContain('signals plan --out');
  });

  it('reports every problem of a damaged plan', () => {
    const { json } = roundTrip();
    const damaged = json as { changes: Record<string, unknown>[]; fingerprint?: unknown };
    delete damaged.fingerprint;
    damaged.changes[0]!['action'] = 'explode';
    damaged.changes[1]!['body'] = { name: 'x', attribute_key: 7 };
    const read = readSavedPlan(damaged);
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.problems).toContain('fingerprint is missing');
      expect(read.problems.some((p) => p.includes('changes[0].action explode'))).toBe(true);
      expect(read.problems.some((p) => p.includes('changes[1].body is not a valid'))).toBe(true);
    }
  });
});
