import { describe, expect, it } from 'vitest';
import { Random } from '../../../src/core/generate/random.js';

const draw = (seed: string, n: number) => {
  const r = new Random(seed);
  return Array.from({ length: n }, () => r.uint32());
};

describe('Random', () => {
  it('repeats the same sequence for the same seed', () => {
    expect(draw('42', 100)).toEqual(draw('42', 100));
  });

  it('gives different sequences for different (even similar) seeds', () => {
    expect(draw('1', 20)).not.toEqual(draw('2', 20));
    expect(draw('travel:1', 20)).not.toEqual(draw('travel:11', 20));
  });

  it('pins the sequence of a known seed, so output stays stable across versions', () => {
    // Changing these changes every committed sample file: regenerate them if you must.
    expect(draw('1', 3)).toEqual([663261097, 853986954, 1331713668]);
    expect(new Random('1').uuid()).toBe('27888fa9-32e6-4e8a-8f60-56847bf979fb');
  });

  it('keeps int() within its inclusive bounds and reaches both ends', () => {
    const r = new Random('bounds');
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = r.int(3, 7);
      expect(v).toBeGreaterThanOrEqual(3);
      expect(v).toBeLessThanOrEqual(7);
      seen.add(v);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it('keeps next() in [0, 1)', () => {
    const r = new Random('unit');
    for (let i = 0; i < 5000; i++) {
      const v = r.next();
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
    }
  });

  it('draws version-4 UUIDs, all distinct', () => {
    const r = new Random('uuid');
    const ids = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const id = r.uuid();
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      ids.add(id);
    }
    expect(ids.size).toBe(1000);
  });

  it('picks by weight roughly in proportion and never picks a zero weight', () => {
    const r = new Random('weights');
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 10_000; i++) counts[r.weighted([['a', 1], ['b', 3], ['c', 0]] as const)]++;
    expect(counts.c).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.5);
    expect(counts.b / counts.a).toBeLessThan(3.5);
  });

  it('refuses to pick from nothing', () => {
    const r = new Random('empty');
    expect(() => r.pick([])).toThrow();
    expect(() => r.weighted([])).toThrow();
  });
});
