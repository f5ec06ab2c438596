import { describe, expect, it } from 'vitest';
import {
  formatEventShorthand,
  formatGroupShorthand,
  formatPropertyShorthand,
  parseEventShorthand,
  parseGroupShorthand,
  parsePropertyShorthand,
} from '../../../src/core/definitions/shorthand.js';

describe('event shorthands', () => {
  it.each([
    ['page_view', { vendor: 'com.snowplowanalytics.snowplow', name: 'page_view', version: '1-0-0' }],
    ['page_ping', { vendor: 'com.snowplowanalytics.snowplow', name: 'page_ping', version: '1-0-0' }],
    ['structured', { vendor: 'com.google.analytics', name: 'event', version: '1-0-0' }],
    ['com.acme/checkout/1-0-2', { vendor: 'com.acme', name: 'checkout', version: '1-0-2' }],
    ['com.acme/checkout', { vendor: 'com.acme', name: 'checkout' }],
    ['iglu:com.acme/checkout/jsonschema/2-1-0', { vendor: 'com.acme', name: 'checkout', version: '2-1-0' }],
    ['com.acme/check-out_v2/1-0-0', { vendor: 'com.acme', name: 'check-out_v2', version: '1-0-0' }],
  ])('%s', (text, expected) => {
    expect(parseEventShorthand(text)).toEqual({ ok: true, value: expected });
  });

  it('keeps a malformed version for the validator to report', () => {
    expect(parseEventShorthand('com.acme/checkout/1.0.0')).toEqual({ ok: true, value: { vendor: 'com.acme', name: 'checkout', version: '1.0.0' } });
  });

  it.each(['checkout', 'a/b/c/d', 'iglu:com.acme/checkout/1-0-0', 'iglu:com.acme/checkout/jsonschema', '', 'com acme/x'])('rejects %j', (text) => {
    const parsed = parseEventShorthand(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.hint).toContain('vendor/name/1-0-0');
  });

  it('formats back to the shortest form', () => {
    expect(formatEventShorthand({ vendor: 'com.snowplowanalytics.snowplow', name: 'page_view', version: '1-0-0' })).toBe('page_view');
    expect(formatEventShorthand({ vendor: 'com.snowplowanalytics.snowplow', name: 'page_view' })).toBe('com.snowplowanalytics.snowplow/page_view');
    expect(formatEventShorthand({ vendor: 'com.google.analytics', name: 'event', version: '1-0-0' })).toBe('structured');
    expect(formatEventShorthand({ vendor: 'com.acme', name: 'x', version: '1-0-0' })).toBe('com.acme/x/1-0-0');
  });

  it('needs the long form without vendor or name', () => {
    expect(formatEventShorthand({ name: 'snowplow_ecommerce_action' })).toBeUndefined();
    expect(formatEventShorthand({ vendor: 'com.acme' })).toBeUndefined();
    expect(formatEventShorthand({})).toBeUndefined();
  });
});

describe('property shorthands', () => {
  it.each([
    ['page_urlpath', { type: 'atomic', name: 'page_urlpath' }],
    ['atomic:page_urlpath', { type: 'atomic', name: 'page_urlpath' }],
    ['event:com.acme/checkout/1:total', { type: 'event', vendor: 'com.acme', name: 'checkout', major_version: 1, path: 'total' }],
    ['event:com.acme/checkout/2:$.cart.items[0].price', { type: 'event', vendor: 'com.acme', name: 'checkout', major_version: 2, path: '$.cart.items[0].price' }],
    ['entity:com.acme/product/1:price', { type: 'entity', vendor: 'com.acme', name: 'product', major_version: 1, path: 'price', index: 0 }],
    ['entity:com.acme/product/1[2]:price', { type: 'entity', vendor: 'com.acme', name: 'product', major_version: 1, path: 'price', index: 2 }],
    ['entity:nl.basjes/yauaa_context/1:agentName', { type: 'entity', vendor: 'nl.basjes', name: 'yauaa_context', major_version: 1, path: 'agentName', index: 0 }],
  ])('%s', (text, expected) => {
    expect(parsePropertyShorthand(text)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['event:com.acme/checkout:total', 'event:vendor/name/MAJOR:path'],
    ['event:com.acme/checkout/1', 'event:vendor/name/MAJOR:path'],
    ['entity:com.acme/product/one:price', 'entity:vendor/name/MAJOR'],
    ['entity:com.acme/product/1[x]:price', 'entity:vendor/name/MAJOR'],
    ['context:com.acme/product/1:price', 'atomic field'],
    ['com.acme/product', 'atomic field'],
    ['atomic:', 'atomic field'],
    ['', 'atomic field'],
  ])('rejects %j', (text, hint) => {
    const parsed = parsePropertyShorthand(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.hint).toContain(hint);
  });

  it('formats back, dropping index 0 and keeping other indexes', () => {
    expect(formatPropertyShorthand({ type: 'atomic', name: 'page_url' })).toBe('page_url');
    expect(formatPropertyShorthand({ type: 'entity', vendor: 'v', name: 'n', major_version: 1, path: 'p', index: 0 })).toBe('entity:v/n/1:p');
    expect(formatPropertyShorthand({ type: 'entity', vendor: 'v', name: 'n', major_version: 1, path: 'p', index: 3 })).toBe('entity:v/n/1[3]:p');
    expect(formatPropertyShorthand({ type: 'event', vendor: 'v', name: 'n', major_version: 2, path: 'a.b' })).toBe('event:v/n/2:a.b');
  });

  it('needs the long form for what the shorthand cannot say', () => {
    expect(formatPropertyShorthand({ type: 'atomic', name: 'weird name' })).toBeUndefined();
    expect(formatPropertyShorthand({ type: 'event', vendor: 'a:b', name: 'n', major_version: 1, path: 'p' })).toBeUndefined();
    expect(formatPropertyShorthand({ type: 'event', vendor: 'v', name: 'n', major_version: 1.5, path: 'p' })).toBeUndefined();
    expect(formatPropertyShorthand({ type: 'entity', vendor: 'v', name: 'n', major_version: 1, path: '', index: 0 })).toBeUndefined();
  });
});

describe('group references', () => {
  it('reads name@version and a bare name', () => {
    expect(parseGroupShorthand('travel_view@2')).toEqual({ ok: true, value: { name: 'travel_view', version: 2 } });
    expect(parseGroupShorthand('travel_view')).toEqual({ ok: true, value: { name: 'travel_view' } });
  });

  it.each(['travel_view@', 'travel_view@v1', 'travel-view@1', '@1', 'a@1@2'])('rejects %j', (text) => {
    expect(parseGroupShorthand(text).ok).toBe(false);
  });

  it('formats name@version', () => {
    expect(formatGroupShorthand({ name: 'g', version: 3 })).toBe('g@3');
    expect(formatGroupShorthand({ name: 'bad-name', version: 3 })).toBeUndefined();
  });
});
