import { describe, expect, it } from 'vitest';
import { completeEvent, deriveTimestamp, identityFromKey } from '../../../src/core/events/identity.js';

describe('identityFromKey', () => {
  it.each([
    ['com_snowplowanalytics_snowplow_web_vitals_1_0_0', 'web_vitals', { vendor: 'com.snowplowanalytics.snowplow', name: 'web_vitals', version: '1-0-0' }],
    ['com_snowplowanalytics_snowplow_media_play_event_1', undefined, { vendor: 'com.snowplowanalytics.snowplow.media', name: 'play_event' }],
    ['com_snowplowanalytics_snowplow_website_snplow_cookies_1', 'snplow_cookies', { vendor: 'com.snowplowanalytics.snowplow-website', name: 'snplow_cookies' }],
    ['com_acme_add_to_cart_2_1_0', 'addToCart', { vendor: 'com.acme', name: 'addToCart', version: '2-1-0' }],
  ])('%s (event name %s)', (body, name, expected) => {
    expect(identityFromKey(body, name)).toEqual(expected);
  });

  it('gives up when neither the event name nor a known vendor splits the key', () => {
    expect(identityFromKey('com_acme_add_to_cart_1')).toBeUndefined();
    expect(identityFromKey('com_acme_add_to_cart_1', 'checkout')).toBeUndefined();
  });
});

describe('completeEvent', () => {
  it('never overwrites identity fields that are present', () => {
    const e = { event: 'unstruct', event_name: 'page_view', derived_tstamp: '2024-01-01T00:00:00.000Z' };
    expect(completeEvent(e, { vendor: 'com.acme', name: 'other', version: '1-0-0' })).toBeUndefined();
    expect(e).toEqual({ event: 'unstruct', event_name: 'page_view', event_vendor: 'com.acme', event_version: '1-0-0', event_format: 'jsonschema', derived_tstamp: '2024-01-01T00:00:00.000Z' });
  });

  it('fills the event type from a built-in name', () => {
    const e: Record<string, unknown> = { event_name: 'page_ping', derived_tstamp: '2024-01-01T00:00:00.000Z' };
    completeEvent(e);
    expect(e).toMatchObject({ event: 'page_ping', event_vendor: 'com.snowplowanalytics.snowplow', event_version: '1-0-0' });
  });

  it('leaves an unknown event alone', () => {
    const e: Record<string, unknown> = { event: 'custom', derived_tstamp: '2024-01-01T00:00:00.000Z' };
    completeEvent(e);
    expect(e).toEqual({ event: 'custom', derived_tstamp: '2024-01-01T00:00:00.000Z' });
  });

  it('derives time as Snowplow Enrich does', () => {
    expect(deriveTimestamp({ true_tstamp: 'T', collector_tstamp: 'C' })).toBe('T');
    expect(deriveTimestamp({ collector_tstamp: '2024-01-01T00:00:10.000Z', dvce_created_tstamp: '2024-01-01T00:00:00.000Z' })).toBe('2024-01-01T00:00:10.000Z');
    expect(deriveTimestamp({})).toBeUndefined();
  });
});
