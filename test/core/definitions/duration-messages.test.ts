import { describe, expect, it } from 'vitest';
import { validateDefinitionSources } from '../../../src/core/validate/sources.js';

const group = (extra: string) =>
  ['kind: AttributeGroup', 'name: g', 'attribute_key: domain_sessionid', 'ttl: 7 days', extra, 'attributes:', '  - { name: a, type: int32, aggregation: counter, events: [page_view] }'].join('\n');

describe('duration messages', () => {
  it('explains a group ttl written in words, with the shorthand as hint', () => {
    const { diagnostics } = validateDefinitionSources([{ file: 'g.yaml', text: group('') }]);
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'invalid-duration', message: 'ttl "7 days" is not a duration', hint: 'write 7d', line: 4, column: 6 })]);
  });

  it('gives the same message when the document has other schema errors', () => {
    const { diagnostics } = validateDefinitionSources([{ file: 'g.yaml', text: group('colour: blue') }]);
    expect(diagnostics).toContainEqual(expect.objectContaining({ code: 'invalid-duration', message: 'ttl "7 days" is not a duration', hint: 'write 7d', line: 4 }));
    expect(diagnostics).toContainEqual(expect.objectContaining({ code: 'unknown-key', line: 5 }));
  });
});
