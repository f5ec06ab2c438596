import { describe, expect, it } from 'vitest';
import { locateIssues } from '../../../src/core/definitions/parse.js';
import type { DefinitionIssue } from '../../../src/core/diagnostics.js';
import { parse } from './helpers.js';

const text = `# header comment
kind: AttributeGroup
name: g
source: batch
attribute_key: domain_userid
attributes:
  - name: hour
    type: int32
    aggregation: most_frequent
    events: [page_view]
    property: derived_tstamp
    date_part: hour_of_day
  - name: price
    type: double
    aggregation: sum
    events: [page_view]
    property: { type: entity, vendor: com.acme, name: product, major_version: 1, path: price }
---
kind: Service
name: s
attribute_groups: [g@1]
`;

describe('placing canonical paths in the file', () => {
  const parsed = parse(text, 'defs/g.yaml');
  const [group, service] = parsed.definitions;

  it('parses the fixture', () => {
    expect(parsed.diagnostics).toEqual([]);
    expect(group?.location).toEqual({ file: 'defs/g.yaml', line: 2, column: 1 });
    expect(service?.location).toEqual({ file: 'defs/g.yaml', line: 19, column: 1 });
  });

  it.each([
    [['name'], 3, 7],
    [['offline'], 4, 9],
    [['attribute_key', 'name'], 5, 16],
    [['attributes', 0], 7, 5],
    [['attributes', 0, 'property', 'date_part'], 12, 16],
    [['attributes', 0, 'property', 'name'], 11, 15],
    [['attributes', 0, 'events', 0, 'version'], 10, 14],
    [['attributes', 1, 'property', 'major_version'], 17, 79],
    [['attributes', 1, 'period'], 13, 5],
    [['attributes', 7, 'name'], 7, 3],
    [[], 2, 1],
  ])('%j → line %i, column %i', (path, line, column) => {
    expect(parsed.locate(group!, path as (string | number)[])).toEqual({ file: 'defs/g.yaml', line, column });
  });

  it('places issues of the second document in it', () => {
    expect(parsed.locate(service!, ['attribute_groups', 0, 'version'])).toEqual({ file: 'defs/g.yaml', line: 21, column: 20 });
  });

  it('turns issues into diagnostics, falling back to the definition start', () => {
    const issues: DefinitionIssue[] = [
      { severity: 'warning', code: 'x-code', message: 'm', hint: 'h', definition: 1, path: ['attribute_groups', 0] },
      { severity: 'error', code: 'y-code', message: 'n', definition: 0, path: ['nowhere'] },
    ];
    expect(locateIssues(parsed, parsed.definitions, issues)).toEqual([
      { severity: 'warning', code: 'x-code', message: 'm', file: 'defs/g.yaml', line: 21, column: 20, hint: 'h' },
      { severity: 'error', code: 'y-code', message: 'n', file: 'defs/g.yaml', line: 2, column: 1 },
    ]);
  });

  it('uses the definition location for definitions it did not parse', () => {
    const copy = structuredClone(group!);
    expect(parsed.locate(copy, ['name'])).toEqual(group?.location);
  });
});
