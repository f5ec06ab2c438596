import { describe, expect, it } from 'vitest';
import { inScope } from '../../../src/core/plan/scope.js';
import { compareFingerprints } from '../../../src/core/plan/fingerprint.js';

describe('inScope', () => {
  it('matches names with * and ?', () => {
    expect(inScope(['travel_*'], 'AttributeGroup', 'travel_view')).toBe(true);
    expect(inScope(['travel_*'], 'AttributeGroup', 'hotel_view')).toBe(false);
    expect(inScope(['v?'], 'Service', 'v1')).toBe(true);
    expect(inScope(['v?'], 'Service', 'v10')).toBe(false);
  });

  it('matches Kind/name globs against the kind too', () => {
    expect(inScope(['Service/*'], 'Service', 'anything')).toBe(true);
    expect(inScope(['Service/*'], 'AttributeGroup', 'anything')).toBe(false);
  });

  it('excludes with a leading !, whatever the order', () => {
    expect(inScope(['!legacy_*', '*'], 'AttributeGroup', 'legacy_x')).toBe(false);
    expect(inScope(['*', '!legacy_*'], 'AttributeGroup', 'travel')).toBe(true);
  });

  it('treats regex characters literally and an empty scope as nothing', () => {
    expect(inScope(['a.b'], 'Service', 'axb')).toBe(false);
    expect(inScope([], 'Service', 'x')).toBe(false);
  });
});

describe('compareFingerprints', () => {
  it('names objects changed, added and removed since the plan', () => {
    expect(compareFingerprints({ a: '1', b: '2', c: '3' }, { a: '1', b: '9', d: '4' })).toEqual({ changed: ['b'], added: ['d'], removed: ['c'] });
  });
});
