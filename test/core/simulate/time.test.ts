import { describe, expect, it } from 'vitest';
import { formatTimestamp, parseTimestamp, utcDay } from '../../../src/core/simulate/time.js';

describe('parseTimestamp', () => {
  it.each([
    ['2025-04-01T10:00:00Z', Date.UTC(2025, 3, 1, 10)],
    ['2025-04-01T10:00:00.123Z', Date.UTC(2025, 3, 1, 10, 0, 0, 123)],
    ['2025-04-01 10:00:00.123', Date.UTC(2025, 3, 1, 10, 0, 0, 123)],
    ['2025-04-01 10:00:00', Date.UTC(2025, 3, 1, 10)],
    ['2023-03-01 06:16:09.201000+00:00', Date.UTC(2023, 2, 1, 6, 16, 9, 201)],
    ['2025-04-01T10:00:00.9999Z', Date.UTC(2025, 3, 1, 10, 0, 0, 999)],
    ['2025-04-01T12:00:00+02:00', Date.UTC(2025, 3, 1, 10)],
    ['2025-04-01', Date.UTC(2025, 3, 1)],
    ['2025-04-01T10:00', Date.UTC(2025, 3, 1, 10)],
  ])('reads %s as UTC', (text, ms) => {
    expect(parseTimestamp(text)).toBe(ms);
  });

  it('takes epoch milliseconds as they are', () => {
    expect(parseTimestamp(1_700_000_000_000)).toBe(1_700_000_000_000);
  });

  it.each([[''], ['yesterday'], ['2025-13-01T00:00:00Z'], [null], [undefined], [{}], [Number.NaN], [true]])('rejects %j', (value) => {
    expect(parseTimestamp(value)).toBeUndefined();
  });

  it('formats as ISO 8601 with milliseconds and finds the UTC day', () => {
    const ms = Date.UTC(2025, 0, 2, 23, 59, 59, 5);
    expect(formatTimestamp(ms)).toBe('2025-01-02T23:59:59.005Z');
    expect(utcDay(ms)).toBe(utcDay(Date.UTC(2025, 0, 2)));
    expect(utcDay(ms) + 1).toBe(utcDay(Date.UTC(2025, 0, 3)));
  });
});
