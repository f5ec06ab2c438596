import { describe, expect, it } from 'vitest';
import { formatDuration, humanDuration, normalizeDuration, parseDuration } from '../../src/core/duration.js';

describe('durations', () => {
  it.each([
    ['30s', 30],
    ['15m', 900],
    ['1h', 3600],
    ['7d', 604800],
    ['1h30m', 5400],
    ['PT15M', 900],
    ['P7D', 604800],
    ['P1DT2H', 93600],
    ['PT1M30S', 90],
    ['P1W', 604800],
    ['P1Y', 365 * 86400],
    ['P1M', 30 * 86400],
    ['PT0S', 0],
    ['-P1D', -86400],
    ['PT0.5S', 0.5],
  ])('parses %s', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['7 days', '', 'P', 'PT', '1.5h', 'P1DT', '15', 'abc', '7D', 'd'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('can refuse calendar units', () => {
    expect(parseDuration('P1Y', { allowCalendarUnits: false })).toBeUndefined();
    expect(parseDuration('P1M', { allowCalendarUnits: false })).toBeUndefined();
    expect(parseDuration('P30D', { allowCalendarUnits: false })).toBe(2592000);
  });

  it.each([
    [0, 'PT0S'],
    [900, 'PT15M'],
    [86400, 'P1D'],
    [93600, 'P1DT2H'],
    [90, 'PT1M30S'],
    [365 * 86400, 'P365D'],
    [-86400, '-P1D'],
  ])('formats %d seconds as %s (days and time only)', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('normalises shorthand and calendar forms to the canonical ISO form', () => {
    expect(normalizeDuration('7d')).toBe('P7D');
    expect(normalizeDuration('P1Y')).toBe('P365D');
    expect(normalizeDuration('P1W')).toBe('P7D');
    expect(normalizeDuration('7 days')).toBeUndefined();
  });

  it('prints a short human form', () => {
    expect(humanDuration(93600)).toBe('1d2h');
    expect(humanDuration(0)).toBe('0s');
  });
});
