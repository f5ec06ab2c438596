import { describe, expect, it } from 'vitest';
import { countBySeverity, didYouMean, editDistance, sortDiagnostics, type Diagnostic } from '../../src/core/diagnostics.js';

describe('did you mean', () => {
  it('suggests the closest candidate for a typo', () => {
    expect(didYouMean('evnts', ['events', 'name', 'type'])).toBe('events');
    expect(didYouMean('aggregaton', ['aggregation', 'attributes'])).toBe('aggregation');
    expect(didYouMean('page_urlpth', ['page_urlpath', 'page_url'])).toBe('page_urlpath');
  });

  it('says nothing when nothing is close', () => {
    expect(didYouMean('zzzzzz', ['events', 'name'])).toBeUndefined();
  });

  it('bounds the edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('a', 'abcdefgh', 2)).toBe(3);
  });
});

describe('diagnostic helpers', () => {
  const d = (file: string, line: number, severity: Diagnostic['severity'] = 'error'): Diagnostic => ({ severity, code: 'x', message: 'm', file, line, column: 1 });
  it('sorts by file then line', () => {
    expect(sortDiagnostics([d('b.yaml', 1), d('a.yaml', 9), d('a.yaml', 2)]).map((x) => `${x.file}:${x.line}`)).toEqual(['a.yaml:2', 'a.yaml:9', 'b.yaml:1']);
  });
  it('counts errors and warnings', () => {
    expect(countBySeverity([d('a', 1), d('a', 2, 'warning'), d('a', 3)])).toEqual({ errors: 2, warnings: 1 });
  });
});
