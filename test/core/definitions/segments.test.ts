import { describe, expect, it } from 'vitest';
import { expandSegments, hasSegmentReferences } from '../../../src/core/definitions/segments.js';
import { FailureError } from '../../../src/errors.js';
import type { Segment, SegmentDefinition } from '../../../src/core/model.js';

const familyFun: Segment = { name: 'family_fun', criteria: { attribute: 'travel_view:family_fun', operator: '>=', value: 3 } };
const engaged: Segment = {
  name: 'engaged',
  criteria: { all: [{ segment: 'family_fun' }, { attribute: 'travel_view:page_view_count', operator: '>', value: 10 }] },
};

describe('expandSegments', () => {
  it('replaces segment leaves by their criteria, recursively', () => {
    const criteria = expandSegments(
      { name: 'help', criteria: { any: [{ segment: 'engaged' }, { none: [{ segment: 'family_fun' }] }] } },
      [familyFun, engaged],
    );
    expect(criteria).toEqual({
      any: [
        {
          all: [
            { attribute: 'travel_view:family_fun', operator: '>=', value: 3 },
            { attribute: 'travel_view:page_view_count', operator: '>', value: 10 },
          ],
        },
        { none: [{ attribute: 'travel_view:family_fun', operator: '>=', value: 3 }] },
      ],
    });
    expect(hasSegmentReferences(criteria)).toBe(false);
  });

  it('accepts segment definitions and a map, and leaves plain criteria alone', () => {
    const defs: SegmentDefinition[] = [{ kind: 'Segment', protect: false, spec: familyFun }];
    expect(expandSegments({ name: 'i', criteria: { segment: 'family_fun' } }, defs)).toEqual(familyFun.criteria);
    expect(expandSegments({ name: 'i', criteria: { segment: 'family_fun' } }, new Map([['family_fun', familyFun]]))).toEqual(familyFun.criteria);
    const plain = { all: [{ attribute: 'g:a', operator: 'changed' as const }] };
    expect(expandSegments({ name: 'i', criteria: plain }, [])).toEqual(plain);
  });

  it('does not share nodes with the segments', () => {
    const out = expandSegments({ name: 'i', criteria: { segment: 'family_fun' } }, [familyFun]);
    expect(out).not.toBe(familyFun.criteria);
  });

  it('fails on an unknown segment with a suggestion', () => {
    try {
      expandSegments({ name: 'help', criteria: { segment: 'family_fn' } }, [familyFun]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(FailureError);
      expect((error as FailureError).code).toBe('unknown-segment');
      expect((error as FailureError).hint).toBe('did you mean family_fun?');
    }
  });

  it('fails on a cycle, naming it', () => {
    const a: Segment = { name: 'a', criteria: { all: [{ segment: 'b' }] } };
    const b: Segment = { name: 'b', criteria: { any: [{ segment: 'a' }] } };
    expect(() => expandSegments({ name: 'i', criteria: { segment: 'a' } }, [a, b])).toThrow(/a → b → a/);
  });

  it('allows the same segment twice when it is not a cycle', () => {
    const out = expandSegments({ name: 'i', criteria: { all: [{ segment: 'family_fun' }, { segment: 'family_fun' }] } }, [familyFun]);
    expect(out).toEqual({ all: [familyFun.criteria, familyFun.criteria] });
  });
});
