import { describe, expect, it } from 'vitest';
import { isCanonicalTimestamp, parseTimestamp } from '../../../src/core/events/timestamp.js';

describe('parseTimestamp', () => {
  it.each([
    ['2024-11-16 13:33:21.958', '2024-11-16T13:33:21.958Z'],
    ['2025-04-23 00:21:24.939', '2025-04-23T00:21:24.939Z'],
    ['2023-03-01 06:16:09.201000+00:00', '2023-03-01T06:16:09.201Z'],
    ['2013-11-26T00:02:05Z', '2013-11-26T00:02:05.000Z'],
    ['2013-11-26 00:02:05', '2013-11-26T00:02:05.000Z'],
    ['2024-01-01 10:00:00.1', '2024-01-01T10:00:00.100Z'],
    ['2024-01-01T10:00:00.999999Z', '2024-01-01T10:00:00.999Z'],
    ['2024-01-01T01:00:00+01:00', '2024-01-01T00:00:00.000Z'],
    ['2024-01-01T00:00:00.250-0530', '2024-01-01T05:30:00.250Z'],
    ['2024-03-01 00:30:00+01', '2024-02-29T23:30:00.000Z'],
    ['2024-02-29 12:00:00 UTC', '2024-02-29T12:00:00.000Z'],
    ['2024-05-06', '2024-05-06T00:00:00.000Z'],
    ['2024-05-06T07:08', '2024-05-06T07:08:00.000Z'],
    ['2024-05-06T07:08:09.123Z', '2024-05-06T07:08:09.123Z'],
  ])('%s → %s', (input, expected) => {
    expect(parseTimestamp(input)).toBe(expected);
  });

  it.each([
    '',
    'yesterday',
    '2024-13-01 00:00:00',
    '2024-02-30 00:00:00',
    '2023-02-29 00:00:00',
    '2024-01-01 24:00:00',
    '2024-01-01 23:60:00',
    '2024-02-30T00:00:00.000Z',
    '1700000000000',
    '2024/01/01 00:00:00',
  ])('rejects %j', (input) => {
    expect(parseTimestamp(input)).toBeUndefined();
  });

  it('recognises the canonical form by shape', () => {
    expect(isCanonicalTimestamp('2024-01-01T00:00:00.000Z')).toBe(true);
    expect(isCanonicalTimestamp('2024-01-01T00:00:00Z')).toBe(false);
    expect(isCanonicalTimestamp('2024-01-01 00:00:00.000')).toBe(false);
  });

  it('canonical output sorts in time order as strings', () => {
    const inputs = ['2024-01-01T00:00:00.5+00:00', '2024-01-01 00:00:00.25', '2023-12-31T23:59:59.999-01:00'];
    const out = inputs.map((t) => parseTimestamp(t) as string);
    expect([...out].sort()).toEqual([...out].sort((a, b) => Date.parse(a) - Date.parse(b)));
  });
});
