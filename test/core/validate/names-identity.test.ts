import { describe, expect, it } from 'vitest';
import { validateDefinitions } from '../../../src/core/validate/index.js';
import type { Definition } from '../../../src/core/model.js';
import { check, codes, groupWith } from '../definitions/helpers.js';

const counter = `  - { name: a, type: int32, aggregation: counter, events: [page_view] }\n`;

describe('invalid-name', () => {
  it('accepts letters, digits and underscores', () => {
    expect(check(`kind: AttributeKey\nname: Customer_ID_2\n`).diagnostics).toEqual([]);
  });

  it('reports bad definition, attribute, field and link names with a fixed suggestion', () => {
    const { diagnostics } = check(`kind: AttributeGroup
name: travel-view
attribute_key: domain_userid
attributes:
  - { name: page views, type: int32, aggregation: counter, events: [page_view] }
---
kind: Service
name: s
attribute_groups: [{ name: "my group", version: 1 }]
`);
    expect(diagnostics.filter((d) => d.code === 'invalid-name').map((d) => [d.line, d.column, d.message, d.hint])).toEqual([
      [2, 7, 'AttributeGroup name "travel-view" may only contain letters, digits and underscores', 'e.g. travel_view'],
      [5, 13, 'attribute name "page views" may only contain letters, digits and underscores', 'e.g. page_views'],
      [9, 28, 'group "my group" may only contain letters, digits and underscores', 'e.g. my_group'],
    ]);
  });

  it('reports names longer than 128 characters', () => {
    const long = 'a'.repeat(129);
    expect(codes(check(`kind: AttributeKey\nname: ${long}\n`).diagnostics)).toEqual(['invalid-name']);
    expect(codes(check(`kind: AttributeKey\nname: ${'a'.repeat(128)}\n`).diagnostics)).toEqual([]);
  });

  it('reports bad attribute key and target key names', () => {
    const { diagnostics } = check(`kind: Intervention\nname: i\ntarget_attribute_keys: [bad-key]\ncriteria: { attribute: "g:a", operator: is null }\n`);
    expect(codes(diagnostics, 'error')).toEqual(['invalid-name', 'unknown-attribute-key']);
  });
});

describe('invalid-version', () => {
  it.each([0, -1, 1_000_001])('reports version %d', (version) => {
    const { diagnostics } = check(groupWith(counter, `version: ${version}\n`));
    expect(diagnostics).toMatchObject([{ code: 'invalid-version', line: 4 }]);
  });

  it('accepts 1 and 1,000,000 and checks link versions too', () => {
    expect(check(groupWith(counter, 'version: 1000000\n')).diagnostics).toEqual([]);
    expect(codes(check(`kind: Service\nname: s\nattribute_groups: [{ name: g, version: 0 }]\n`).diagnostics, 'error')).toEqual(['invalid-version']);
    expect(codes(check(`kind: Service\nname: s\nattribute_groups: [g@0]\n`).diagnostics, 'error')).toEqual(['invalid-version']);
  });
});

describe('invalid-batch-source and external-column-mismatch', () => {
  it('checks warehouse names', () => {
    const text = (database: string) => `kind: AttributeGroup
name: g
source: external
attribute_key: user_id
fields: [{ name: A, type: int32 }]
batch_source: { name: s, database: ${database}, schema: x, table: t, timestamp_field: u }
`;
    expect(check(text('my-project_1')).diagnostics).toEqual([]);
    expect(check(text('"my project"')).diagnostics).toMatchObject([{ code: 'invalid-batch-source', line: 6, column: 36 }]);
  });

  it('needs external_column to equal the key name', () => {
    expect(check(`kind: AttributeKey\nname: CUSTOMER_ID\nexternal_column: CUSTOMER_ID\n`).diagnostics).toEqual([]);
    expect(check(`kind: AttributeKey\nname: customer\nexternal_column: CUSTOMER_ID\n`).diagnostics).toMatchObject([{ code: 'external-column-mismatch', line: 3, column: 18 }]);
  });
});

describe('duplicate-definition', () => {
  it('allows several versions of a group and reports the same identity twice', () => {
    const v = (n: number) => groupWith(counter, `version: ${n}\n`);
    expect(check(`${v(1)}---\n${v(2)}`).diagnostics).toEqual([]);
    const { diagnostics } = check(`${v(1)}---\n${v(2)}---\n${v(1)}`);
    expect(diagnostics).toMatchObject([{ code: 'duplicate-definition', message: 'AttributeGroup/g@1 is defined twice (first at defs.yaml:1)', line: 16 }]);
  });

  it('tells kinds apart and finds duplicates across files', () => {
    expect(check(`kind: AttributeKey\nname: x\n---\nkind: Segment\nname: x\ncriteria: { attribute: "g:a", operator: is null }\n`).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const { diagnostics } = check(`kind: AttributeKey\nname: x\n---\nkind: AttributeKey\nname: x\n`);
    expect(codes(diagnostics)).toEqual(['duplicate-definition']);
  });
});

describe('reserved-attribute-key', () => {
  it('refuses to define a built-in key', () => {
    expect(check(`kind: AttributeKey\nname: domain_userid\n`).diagnostics).toMatchObject([{ code: 'reserved-attribute-key', line: 2, column: 7 }]);
    expect(check(`kind: AttributeKey\nname: account_id\n`).diagnostics).toEqual([]);
  });
});

describe('duplicate-attribute', () => {
  it('reports a repeated attribute or field name', () => {
    expect(check(groupWith(`${counter}  - { name: b, type: int32, aggregation: counter, events: [page_view] }\n`)).diagnostics).toEqual([]);
    expect(check(groupWith(`${counter}${counter}`)).diagnostics).toMatchObject([{ code: 'duplicate-attribute', line: 6, column: 13 }]);
    const external = `kind: AttributeGroup
name: g
source: external
attribute_key: user_id
fields: [{ name: A, type: int32 }, { name: A, type: int64 }]
batch_source: { name: s, database: d, schema: x, table: t, timestamp_field: u }
`;
    expect(codes(check(external).diagnostics)).toEqual(['duplicate-attribute']);
  });
});

describe('validateDefinitions on canonical objects', () => {
  const group = (name: string, version: number): Definition => ({
    kind: 'AttributeGroup',
    protect: false,
    spec: { name, version, attribute_key: { name: 'domain_userid' }, online: true, offline: false, attributes: [{ name: 'a', type: 'int32', events: [], aggregation: 'counter', criteria: { all: [{ property: { type: 'atomic', name: 'app_id' }, operator: '=', value: 'x' }] } }], is_published: true },
  });

  it('returns issues with the definition index and the canonical path', () => {
    const issues = validateDefinitions([group('ok', 1), group('bad-name', 0)]);
    expect(issues).toEqual([
      { severity: 'error', code: 'invalid-name', message: 'AttributeGroup name "bad-name" may only contain letters, digits and underscores', hint: 'e.g. bad_name', definition: 1, path: ['name'] },
      { severity: 'error', code: 'invalid-version', message: 'version 0 is not a version: versions are whole numbers from 1 to 1000000', hint: 'versions start at 1', definition: 1, path: ['version'] },
    ]);
  });

  it('reports only about the subjects when asked', () => {
    const defs = [group('bad-1', 1), group('bad-2', 1)];
    expect(validateDefinitions(defs, { subjects: [1] }).map((i) => i.definition)).toEqual([1]);
  });
});
