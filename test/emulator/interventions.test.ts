/**
 * Interventions over real HTTP: rule firings while events are ingested, delivered to
 * Server-Sent Events subscribers (`GET /api/v1/interventions?<key>=<uuid>`) once per target,
 * direct pushes (`POST /api/v1/interventions`), Signals' validation, keep-alive comments and a
 * clean end of every stream when the emulator stops.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Definition } from '../../src/core/model.js';
import { startTestEmulator, useEmulator, type TestEmulator } from '../helpers/emulator.js';
import { atomic, attribute, group, intervention, pageView } from '../core/simulate/builders.js';
import { postEvents, publish, pushDirect, Subscription } from './live-helpers.js';

const S1 = '11111111-1111-4111-8111-111111111111';
const S2 = '33333333-3333-4333-8333-333333333333';
const S3 = '55555555-5555-4555-8555-555555555555';
const U1 = '22222222-2222-4222-8222-222222222222';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const sessions = group({
  name: 'sessions',
  attributes: [attribute({ name: 'page_views' }), attribute({ name: 'last_url', type: 'string', aggregation: 'last', property: atomic('page_url') })],
});
const definitions: Definition[] = [
  sessions,
  intervention({ name: 'help', criteria: { attribute: 'sessions:page_views', operator: '>=', value: 2 }, target_attribute_keys: [{ name: 'domain_sessionid' }] }),
  intervention({ name: 'welcome', criteria: { attribute: 'sessions:page_views', operator: '>=', value: 1 }, target_attribute_keys: [{ name: 'domain_userid' }, { name: 'domain_sessionid' }] }),
  intervention({ name: 'moved', criteria: { attribute: 'sessions:last_url', operator: 'changed' }, target_attribute_keys: [{ name: 'domain_sessionid' }] }),
  intervention({ name: 'later', is_published: false, criteria: { attribute: 'sessions:page_views', operator: '>=', value: 2 }, target_attribute_keys: [{ name: 'domain_sessionid' }] }),
];

let clock = Date.parse('2026-01-05T10:00:00Z');
const view = (session: string, url = 'https://shop.example/a') => JSON.stringify(pageView((clock += 60_000), { domain_sessionid: session, domain_userid: U1, page_url: url }));
const send = (emu: TestEmulator, lines: string[]) => postEvents(emu, lines.join('\n') + '\n');

const open: Subscription[] = [];
afterEach(() => open.splice(0).forEach((s) => s.close()));
async function subscribe(emu: TestEmulator, query: string): Promise<Subscription> {
  const s = await Subscription.open(emu.url, query);
  open.push(s);
  return s;
}

/** A direct push every subscriber of `session` receives after everything sent before it. */
async function sentinel(emu: TestEmulator, subscription: Subscription, session: string): Promise<void> {
  const marker = `sentinel_${subscription.messages.length}_${Date.now()}`;
  await pushDirect(emu, `domain_sessionid=${session}`, { name: marker, version: 1 });
  await subscription.until(() => subscription.messages.some((m) => m.name === marker));
}

describe('rule interventions over Server-Sent Events', () => {
  const emu = useEmulator();
  beforeAll(async () => publish(emu(), definitions));

  it('delivers an intervention once, on the event that makes its criteria true', async () => {
    const sub = await subscribe(emu(), `domain_sessionid=${S1}`);
    expect(sub.status).toBe(200);
    expect(sub.contentType).toContain('text/event-stream');
    await send(emu(), [view(S1)]);
    await sentinel(emu(), sub, S1);
    expect(sub.named('help')).toEqual([]);
    await send(emu(), [view(S1, 'https://shop.example/b'), view(S1, 'https://shop.example/c')]);
    await send(emu(), [view(S1, 'https://shop.example/d')]);
    await sentinel(emu(), sub, S1);
    const help = sub.named('help');
    expect(help).toHaveLength(1);
    expect(help[0]).toEqual({
      intervention_id: expect.stringMatching(UUID),
      name: 'help',
      version: 1,
      target_attribute_key: { name: 'domain_sessionid', id: S1 },
      attributes: { page_views: 2, last_url: 'https://shop.example/b' },
    });
  });

  it('fires a changed criterion on every change of the value', async () => {
    const sub = await subscribe(emu(), `domain_sessionid=${S3}`);
    await send(emu(), [view(S3, 'https://shop.example/1'), view(S3, 'https://shop.example/1'), view(S3, 'https://shop.example/2')]);
    await sentinel(emu(), sub, S3);
    expect(sub.named('moved').map((m) => m.attributes.last_url)).toEqual(['https://shop.example/1', 'https://shop.example/2']);
  });

  it('shares one intervention id across the targets of one firing, and a subscriber of both gets it once', async () => {
    const both = await subscribe(emu(), `domain_userid=${U1}&domain_sessionid=${S2}`);
    const session = await subscribe(emu(), `domain_sessionid=${S2}`);
    await send(emu(), [view(S2)]);
    await sentinel(emu(), both, S2);
    await sentinel(emu(), session, S2);
    const viaBoth = both.named('welcome');
    const viaSession = session.named('welcome');
    expect(viaBoth).toHaveLength(1);
    expect(viaSession).toHaveLength(1);
    expect(viaBoth[0].intervention_id).toBe(viaSession[0].intervention_id);
    expect(viaSession[0].target_attribute_key).toEqual({ name: 'domain_sessionid', id: S2 });
  });

  it('evaluates published interventions only, and a newly published one from then on', async () => {
    const s4 = '44444444-4444-4444-8444-444444444444';
    const s5 = '66666666-6666-4666-8666-666666666666';
    const sub = await subscribe(emu(), `domain_sessionid=${s4}&domain_sessionid=${s5}`);
    await send(emu(), [view(s4), view(s4)]);
    await emu().client().setPublished(definitions[4] as never, true);
    await send(emu(), [view(s4), view(s5), view(s5)]);
    await sentinel(emu(), sub, s4);
    // s4 was already past the threshold when `later` was published: no false→true edge for it.
    expect(sub.named('later').map((m) => m.target_attribute_key.id)).toEqual([s5]);
    expect(sub.named('help').map((m) => m.target_attribute_key.id)).toEqual([s4, s5]);
  });

  it.each([
    ['domain_sessionid=abc', 'only UUIDs allowed as attribute key values'],
    [`ghost_key=${S1}`, 'unknown attribute key ghost_key'],
    ['', 'give at least one attribute key and id, e.g. ?domain_userid=<uuid>'],
  ])('answers 400 to a subscription with %j', async (query, error) => {
    const sub = await subscribe(emu(), query);
    expect(sub.status).toBe(400);
    expect(sub.messages).toEqual([{ error }]);
  });
});

describe('direct interventions (POST /api/v1/interventions)', () => {
  const emu = useEmulator();
  const target = '77777777-7777-4777-8777-777777777777';

  it('delivers to the subscribers of the target and answers success', async () => {
    const sub = await subscribe(emu(), `domain_userid=${target}`);
    const r = await pushDirect(emu(), `domain_userid=${target}`, { name: 'offer', version: 2, attributes: { discount: 10 } });
    expect(r).toEqual({ status: 200, body: { status: 'success' } });
    await sub.until(() => sub.messages.length === 1);
    expect(sub.messages[0]).toEqual({ intervention_id: expect.stringMatching(UUID), name: 'offer', version: 2, target_attribute_key: { name: 'domain_userid', id: target }, attributes: { discount: 10 } });
  });

  it('keeps a given intervention id and answers undelivered when nobody listens', async () => {
    const id = '88888888-8888-4888-8888-888888888888';
    expect(await pushDirect(emu(), `domain_sessionid=${target}`, { intervention_id: id, name: 'offer', version: 1 })).toEqual({ status: 200, body: { status: 'undelivered' } });
  });

  it.each([
    [`domain_userid=${target}`, { version: 1 }, 400, 'name is required: 1-128 letters, digits or underscores'],
    [`domain_userid=${target}`, { name: 'offer' }, 400, 'version is required and must be an integer'],
    [`domain_userid=${target}`, { name: 'offer', version: 1, intervention_id: 'x' }, 400, 'intervention_id must be a UUID'],
    [`domain_userid=${target}`, '{nope', 400, undefined],
    ['domain_userid=42', { name: 'offer', version: 1 }, 400, 'only UUIDs allowed as attribute key values'],
  ])('answers %s %j with %i', async (query, body, status, error) => {
    const r = await pushDirect(emu(), query, body);
    expect(r.status).toBe(status);
    if (error) expect(r.body).toEqual({ error });
    else expect(r.body.error).toMatch(/invalid JSON body/);
  });

  it('needs a bearer token', async () => {
    const r = await pushDirect(emu(), `domain_userid=${target}`, { name: 'offer', version: 1 }, '');
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: 'Not authenticated' });
  });
});

describe('intervention streams', () => {
  it('send keep-alive comments while idle', async () => {
    const emu = await startTestEmulator({ heartbeatMs: 10 });
    try {
      const sub = await subscribe(emu, `domain_userid=${U1}`);
      await sub.until(() => sub.comments.filter((c) => c === 'keep-alive').length >= 2);
      expect(sub.messages).toEqual([]);
    } finally {
      await emu.close();
    }
  });

  it('end cleanly when the emulator stops', async () => {
    const emu = await startTestEmulator();
    const sub = await subscribe(emu, `domain_userid=${U1}`);
    expect(emu.hub.size).toBe(1);
    await emu.close();
    await sub.ended;
    expect(emu.hub.size).toBe(0);
  });

  it('forget a subscriber that disconnects', async () => {
    const emu = await startTestEmulator();
    try {
      const sub = await subscribe(emu, `domain_userid=${U1}`);
      expect(emu.hub.size).toBe(1);
      sub.close();
      await new Promise<void>((resolve) => {
        const check = () => (emu.hub.size === 0 ? resolve() : setImmediate(check));
        check();
      });
      expect(await pushDirect(emu, `domain_userid=${U1}`, { name: 'offer', version: 1 })).toEqual({ status: 200, body: { status: 'undelivered' } });
    } finally {
      await emu.close();
    }
  });
});
