import { describe, expect, it } from 'vitest';
import { generateEventLines, generateEvents, GENERATOR_TEMPLATES } from '../../../src/core/generate/index.js';

const START = Date.parse('2026-01-05T09:00:00Z');
type Json = Record<string, unknown>;

function lines(template: string, sessions: number, seed = '1', format: 'ndjson' | 'tsv' = 'ndjson'): string[] {
  return [...generateEventLines({ template, sessions, seed, start: START, format })];
}
function events(template: string, sessions: number, seed = '1'): Json[] {
  return lines(template, sessions, seed).map((l) => JSON.parse(l) as Json);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('generateEvents', () => {
  it('knows the four templates with events', () => {
    expect([...GENERATOR_TEMPLATES].sort()).toEqual(['ecommerce', 'media', 'quickstart', 'travel']);
    expect(() => generateEvents({ template: 'blank', sessions: 1, seed: '1', start: START })).toThrow(/blank/);
  });

  it.each(['travel', 'ecommerce', 'media', 'quickstart'])('%s: same arguments give byte-identical output', (template) => {
    expect(lines(template, 40, '7').join('\n')).toBe(lines(template, 40, '7').join('\n'));
    expect(lines(template, 40, '7', 'tsv').join('\n')).toBe(lines(template, 40, '7', 'tsv').join('\n'));
  });

  it('gives different events for another seed or another start', () => {
    expect(lines('travel', 20, '1')).not.toEqual(lines('travel', 20, '2'));
    const base = JSON.parse(lines('travel', 20, '1')[0]!) as Json;
    const later = JSON.parse([...generateEventLines({ template: 'travel', sessions: 20, seed: '1', start: START + 86_400_000, format: 'ndjson' })][0]!) as Json;
    expect(Date.parse(String(later['derived_tstamp'])) - Date.parse(String(base['derived_tstamp']))).toBe(86_400_000);
    expect(later['event_id']).toBe(base['event_id']);
  });

  it.each(['travel', 'ecommerce', 'media', 'quickstart'])('%s: writes exactly the requested number of sessions', (template) => {
    for (const n of [1, 7, 120]) {
      const sessions = new Set(events(template, n).map((e) => e['domain_sessionid']));
      expect(sessions.size).toBe(n);
    }
  });

  it.each(['travel', 'ecommerce', 'media', 'quickstart'])('%s: every event has realistic atomic fields', (template) => {
    const all = events(template, 60, '3');
    const ids = new Set<unknown>();
    for (const e of all) {
      expect(e['app_id']).toEqual(expect.any(String));
      expect(e['platform']).toBe('web');
      expect(e['event_id']).toMatch(UUID);
      expect(e['domain_userid']).toMatch(UUID);
      expect(e['domain_sessionid']).toMatch(UUID);
      expect(e['domain_sessionidx']).toEqual(expect.any(Number));
      for (const ts of ['collector_tstamp', 'dvce_created_tstamp', 'derived_tstamp']) expect(e[ts]).toMatch(ISO);
      expect(e['event_vendor']).toEqual(expect.any(String));
      expect(e['event_name']).toEqual(expect.any(String));
      expect(e['event_version']).toMatch(/^\d+-\d+-\d+$/);
      expect(e['event_format']).toBe('jsonschema');
      expect(e['useragent']).toMatch(/^Mozilla\/5\.0/);
      expect(e['page_url']).toMatch(/^https:\/\/[a-z.]+\.example\.com\//);
      expect(String(e['page_url'])).toContain(String(e['page_urlpath']));
      expect(e['page_title']).toEqual(expect.any(String));
      if (e['event'] === 'unstruct') {
        expect(Object.keys(e).some((k) => k.startsWith('unstruct_event_'))).toBe(true);
      } else {
        expect(['page_view', 'page_ping']).toContain(e['event']);
        expect(e['event_vendor']).toBe('com.snowplowanalytics.snowplow');
      }
      ids.add(e['event_id']);
    }
    expect(ids.size).toBe(all.length);
  });

  it.each(['travel', 'ecommerce', 'media', 'quickstart'])('%s: events come in derived_tstamp order, and timestamps increase within a session', (template) => {
    const all = events(template, 150, '4');
    let previous = '';
    const lastBySession = new Map<unknown, Json>();
    for (const e of all) {
      const derived = String(e['derived_tstamp']);
      expect(derived >= previous).toBe(true);
      previous = derived;
      const before = lastBySession.get(e['domain_sessionid']);
      if (before) {
        expect(derived > String(before['derived_tstamp'])).toBe(true);
        expect(Date.parse(String(e['dvce_created_tstamp']))).toBeGreaterThan(Date.parse(String(before['dvce_created_tstamp'])));
      }
      expect(Date.parse(String(e['collector_tstamp']))).toBeGreaterThanOrEqual(Date.parse(derived));
      lastBySession.set(e['domain_sessionid'], e);
    }
  });

  it('counts sessions per visitor in domain_sessionidx, and returning visitors keep their domain_userid', () => {
    const all = events('travel', 300, '5');
    const sessionsByUser = new Map<unknown, Map<unknown, number>>();
    for (const e of all) {
      const user = sessionsByUser.get(e['domain_userid']) ?? new Map<unknown, number>();
      user.set(e['domain_sessionid'], e['domain_sessionidx'] as number);
      sessionsByUser.set(e['domain_userid'], user);
    }
    const returning = [...sessionsByUser.values()].filter((s) => s.size > 1);
    expect(returning.length).toBeGreaterThan(10);
    for (const s of returning) expect([...s.values()].sort()).toEqual(Array.from({ length: s.size }, (_, i) => i + 1));
  });

  it('scales: 2,000 travel sessions give well over 16,000 events', () => {
    let n = 0;
    for (const _ of generateEvents({ template: 'travel', sessions: 2000, seed: '1', start: START })) n++;
    expect(n).toBeGreaterThan(16_000);
  });

  it('is lazy: the first events of an enormous run come without generating the rest', () => {
    const it = generateEvents({ template: 'travel', sessions: 100_000_000, seed: '1', start: START });
    let n = 0;
    for (const _ of it) if (++n === 5000) break;
    expect(n).toBe(5000);
  });

  it('writes TSV lines of exactly 131 fields with no stray line breaks', () => {
    for (const template of GENERATOR_TEMPLATES) {
      for (const line of lines(template, 25, '9', 'tsv')) {
        expect(line.split('\t')).toHaveLength(131);
        expect(line).not.toMatch(/[\r\n]/);
      }
    }
  });
});
