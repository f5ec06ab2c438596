/**
 * The engine calls a long-running emulator relies on: `row` (what `finish` would report for one
 * key), `adopt` (carry state over to an engine compiled from other definitions) and
 * `dropFirings`.
 */
import { describe, expect, it } from 'vitest';
import { compileDefinitions } from '../../src/core/simulate/compile.js';
import { Engine } from '../../src/core/simulate/simulator.js';
import type { Definition } from '../../src/core/model.js';
import type { FiringEvent } from '../../src/core/simulate/types.js';
import { atomic, attribute, group, intervention, pageView, simulate } from '../core/simulate/builders.js';

const engine = (defs: Definition[], onFiring?: (f: FiringEvent) => void) => new Engine(compileDefinitions(defs), onFiring ? { onFiring } : {});

const views = group({ name: 'views', attributes: [attribute({ name: 'n' }), attribute({ name: 'url', type: 'string', aggregation: 'last', property: atomic('page_url'), default_value: 'none' })] });
const other = group({ name: 'other', attributes: [attribute({ name: 'm' })] });
const help = intervention({ name: 'help', criteria: { attribute: 'views:n', operator: '>=', value: 2 } });

describe('Engine.row', () => {
  it('is the row finish reports, defaults applied, and undefined for keys without values', () => {
    const events = [pageView('2026-01-01T00:00:00Z', { page_url: 'https://a' }), pageView('2026-01-01T00:01:00Z', { domain_sessionid: 's2' })];
    const e = engine([views]);
    for (const ev of events) e.ingest(ev);
    const report = simulate([views], events);
    for (const row of report.groups[0]!.rows) expect(e.row('views', row.key)).toEqual(row.attributes);
    expect(e.row('views', 's2')).toEqual({ n: 1, url: 'none' });
    expect(e.row('views', 'nobody')).toBeUndefined();
    expect(e.row('missing', 's1')).toBeUndefined();
  });

  it('is undefined before any event (no "now" yet)', () => {
    expect(engine([views]).row('views', 's1')).toBeUndefined();
  });
});

describe('Engine.adopt', () => {
  it('carries the values of unchanged groups over and starts new groups empty', () => {
    const first = engine([views]);
    first.ingest(pageView('2026-01-01T00:00:00Z'));
    const second = engine([views, other]);
    second.adopt([first]);
    second.ingest(pageView('2026-01-01T00:02:00Z'));
    expect(second.row('views', 's1')).toMatchObject({ n: 2 });
    expect(second.row('other', 's1')).toEqual({ m: 1 });
  });

  it('does not carry state over to a group whose definition changed', () => {
    const first = engine([views]);
    first.ingest(pageView('2026-01-01T00:00:00Z'));
    const changed = group({ name: 'views', attributes: [attribute({ name: 'n', period: 'PT1H' })] });
    const second = engine([changed]);
    second.adopt([first]);
    expect(second.row('views', 's1', Date.parse('2026-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('keeps the event clock, so reads without a time see the latest event time', () => {
    const windowed = group({ name: 'w', attributes: [attribute({ name: 'n', period: 'PT1M' })] });
    const first = engine([windowed]);
    first.ingest(pageView('2026-01-01T00:00:00Z'));
    first.ingest(pageView('2026-01-01T00:10:00Z', { domain_sessionid: 's2' }));
    const second = engine([windowed]);
    second.adopt([first]);
    expect(second.row('w', 's1')).toBeUndefined();
    expect(second.row('w', 's2')).toEqual({ n: 1 });
  });

  it('takes a group from a later source when the first does not have it (republishing)', () => {
    const old = engine([views]);
    old.ingest(pageView('2026-01-01T00:00:00Z'));
    const without = engine([other]);
    without.adopt([old]);
    const again = engine([views, other]);
    again.adopt([without, old]);
    expect(again.row('views', 's1')).toMatchObject({ n: 1 });
  });

  it('keeps the once-per-target memory of an intervention, so it does not fire again', () => {
    const fired: FiringEvent[] = [];
    const first = engine([views, help], (f) => fired.push(f));
    first.ingest(pageView('2026-01-01T00:00:00Z'));
    first.ingest(pageView('2026-01-01T00:01:00Z'));
    expect(fired).toHaveLength(1);
    const second = engine([views, other, help], (f) => fired.push(f));
    second.adopt([first]);
    second.ingest(pageView('2026-01-01T00:02:00Z'));
    expect(fired).toHaveLength(1);
    second.ingest(pageView('2026-01-01T00:03:00Z', { domain_sessionid: 's9' }));
    second.ingest(pageView('2026-01-01T00:04:00Z', { domain_sessionid: 's9' }));
    expect(fired.map((f) => f.target.id)).toEqual(['s1', 's9']);
  });

  it('applies events still held in a source reorder buffer before taking its state', () => {
    const first = new Engine(compileDefinitions([views]), { reorderBuffer: 10 });
    first.ingest(pageView('2026-01-01T00:00:00Z'));
    const second = engine([views]);
    second.adopt([first]);
    expect(second.row('views', 's1')).toMatchObject({ n: 1 });
  });
});

describe('Engine.dropFirings', () => {
  it('empties the firings finish would report', () => {
    const e = engine([views, help]);
    e.ingest(pageView('2026-01-01T00:00:00Z'));
    e.ingest(pageView('2026-01-01T00:01:00Z'));
    e.dropFirings();
    expect(e.finish().interventions[0]!.firings).toEqual([]);
  });
});
