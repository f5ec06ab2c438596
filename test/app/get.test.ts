/** The pure parts of `signals get`: its flags, and the SDK's plain error messages. */
import { describe, expect, it } from 'vitest';
import { parseGetFlags, readSdkError } from '../../src/app/get.js';

describe('parseGetFlags', () => {
  it('reads a service, a key and an attribute list (trimmed, without duplicates)', () => {
    expect(parseGetFlags({ service: 'web', key: 'domain_userid = 9c2e-1', attributes: 'a, b,a,,c' })).toEqual({
      service: 'web',
      attributeKey: 'domain_userid',
      identifier: '9c2e-1',
      attributes: ['a', 'b', 'c'],
    });
  });

  it('keeps everything after the first = in the identifier', () => {
    expect(parseGetFlags({ group: 'g@3', key: 'user_id=a=b' })).toEqual({ group: { name: 'g', version: 3 }, attributeKey: 'user_id', identifier: 'a=b' });
  });

  it('reads a bare group name as "the latest version"', () => {
    expect(parseGetFlags({ group: 'travel_view', key: 'domain_sessionid=s' }).group).toEqual({ name: 'travel_view' });
  });

  it.each([
    [{ service: 'a-b', key: 'k=v' }, 'bad-service-flag'],
    [{ group: 'g@1000001', key: 'k=v' }, 'bad-group-flag'],
    [{ group: 'g@1', key: 'k=v', attributes: 'ok,not-ok' }, 'bad-attributes-flag'],
  ])('refuses %j with %s (exit 4)', (flags, code) => {
    expect(() => parseGetFlags(flags)).toThrow(expect.objectContaining({ code, exitCode: 4 }));
  });
});

describe('readSdkError', () => {
  it('reads the status and the server message of an axios error', () => {
    const error = new Error('[Signals] API error: 404 Request failed with status code 404 {\n  "error": "service ghost not found"\n}');
    expect(readSdkError(error)).toEqual({ status: 404, message: 'service ghost not found' });
  });

  it('reads a FastAPI detail', () => {
    expect(readSdkError(new Error('[Signals] API error: 401 Request failed with status code 401 {"detail": "Not authenticated"}'))).toEqual({ status: 401, message: 'Not authenticated' });
  });

  it('reads the core client form and bodies that are not JSON', () => {
    expect(readSdkError(new Error('[Signals] 502 Bad Gateway'))).toEqual({ status: 502, message: 'Bad Gateway' });
    expect(readSdkError(new Error('[Signals] API error: 500 Request failed with status code 500 '))).toEqual({ status: 500, message: 'status 500' });
  });

  it('reads a network error as having no status', () => {
    expect(readSdkError(new Error('[Signals] API error: undefined connect ECONNREFUSED 127.0.0.1:9'))).toEqual({ status: undefined, message: 'connect ECONNREFUSED 127.0.0.1:9' });
    expect(readSdkError(new Error('[Signals] Failed to fetch access token'))).toEqual({ status: undefined, message: '[Signals] Failed to fetch access token' });
  });
});
