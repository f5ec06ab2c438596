import { describe, expect, it } from 'vitest';
import { check, codes, groupWith } from '../definitions/helpers.js';

/** A counter on page views with the given criteria (flow YAML). */
function criteria(yaml: string) {
  return check(groupWith(`  - { name: a, type: int32, aggregation: counter, events: [page_view], criteria: ${yaml} }\n`)).diagnostics;
}

/** An intervention on a local group g (attributes: n int32, tags string_list, s string, flag bool) with the given criteria. */
function rule(yaml: string, kind = 'Intervention') {
  return check(`kind: AttributeGroup
name: g
attribute_key: domain_userid
attributes:
  - { name: n, type: int32, aggregation: counter, events: [page_view] }
  - { name: tags, type: string_list, aggregation: unique_list, events: [page_view], property: page_url }
  - { name: s, type: string, aggregation: last, events: [page_view], property: page_url }
  - { name: flag, type: bool, aggregation: last, events: [page_view], property: br_cookies }
---
kind: ${kind}
name: x
criteria: ${yaml}
`).diagnostics;
}

describe('attribute criteria shape', () => {
  it('accepts all or any', () => {
    expect(criteria(`{ all: [{ property: app_id, operator: "=", value: web }] }`)).toEqual([]);
    expect(criteria(`{ any: [{ property: app_id, operator: "=", value: web }, { property: platform, operator: "!=", value: mob }] }`)).toEqual([]);
  });

  it('reports both all and any', () => {
    expect(criteria(`{ all: [{ property: app_id, operator: "=", value: web }], any: [{ property: app_id, operator: "=", value: app }] }`)).toMatchObject([
      { code: 'criteria-all-and-any', line: 5, column: 82 },
    ]);
  });

  it('reports criteria with no conditions', () => {
    expect(codes(criteria(`{}`))).toEqual(['empty-criteria']);
    expect(codes(criteria(`{ all: [] }`))).toEqual(['empty-criteria']);
  });

  it('reports more than 100 conditions', () => {
    const many = Array.from({ length: 101 }, (_, i) => `{ property: app_id, operator: "!=", value: a${i} }`).join(', ');
    expect(codes(criteria(`{ any: [${many}] }`))).toEqual(['too-many-conditions']);
  });
});

describe('operator and value (attribute criteria)', () => {
  it.each([
    ['=', 'web'],
    ['!=', '""'],
    ['<', '3'],
    ['>=', '2.5'],
    ['like', '"%web%"'],
    ['in', '[web, app]'],
  ])('accepts %s %s', (op, value) => {
    expect(criteria(`{ all: [{ property: app_id, operator: "${op}", value: ${value} }] }`)).toEqual([]);
  });

  it('accepts is null and is not null without a value', () => {
    expect(criteria(`{ all: [{ property: app_id, operator: is null }, { property: user_id, operator: is not null }] }`)).toEqual([]);
  });

  it.each([
    ['in', 'web', 'in-needs-list'],
    ['in', '[]', 'in-needs-list'],
    ['is null', 'x', 'unexpected-value'],
    ['=', '[a, b]', 'list-not-allowed'],
    ['like', '3', 'like-needs-string'],
    ['in', '[a, 1]', 'mixed-list'],
    ['<', 'true', 'invalid-comparison'],
  ])('reports %s with %s', (op, value, code) => {
    expect(codes(criteria(`{ all: [{ property: app_id, operator: "${op}", value: ${value} }] }`))).toEqual([code]);
  });

  it('reports a missing value at the condition', () => {
    expect(criteria(`{ all: [{ property: app_id, operator: "=" }] }`)).toMatchObject([{ code: 'missing-value', line: 5, column: 90 }]);
  });

  it('warns about a value listed twice in in', () => {
    expect(criteria(`{ all: [{ property: app_id, operator: in, value: [a, b, a] }] }`)).toMatchObject([{ severity: 'warning', code: 'duplicate-list-value' }]);
  });

  it('refuses intervention-only operators in attribute criteria', () => {
    expect(codes(criteria(`{ all: [{ property: app_id, operator: not like, value: x }] }`))).toEqual(['invalid-value']);
  });
});

describe('operator and value (intervention and segment criteria)', () => {
  it.each([
    '{ attribute: "g:n", operator: ">=", value: 3 }',
    '{ attribute: "g:n", operator: changed }',
    '{ attribute: "g:tags", operator: in, value: culture }',
    '{ attribute: "g:tags", operator: not in, value: [a, b] }',
    '{ attribute: "g:s", operator: not like, value: "%x%" }',
    '{ attribute: "g:s", operator: rlike, value: "^a+$" }',
    '{ attribute: "g:s", operator: is not null }',
    '{ attribute: "g:flag", operator: "=", value: true }',
  ])('accepts %s', (leaf) => {
    expect(rule(leaf)).toEqual([]);
  });

  it('needs a list for in on an attribute that is not a list', () => {
    expect(rule('{ attribute: "g:s", operator: in, value: x }')).toMatchObject([{ code: 'in-needs-list', line: 12, column: 52 }]);
  });

  it.each([
    ['{ attribute: "g:n", operator: ">" }', 'missing-value'],
    ['{ attribute: "g:n", operator: changed, value: 3 }', 'unexpected-value'],
    ['{ attribute: "g:s", operator: rlike, value: 3 }', 'like-needs-string'],
    ['{ attribute: "g:n", operator: ">", value: [1, 2] }', 'list-not-allowed'],
  ])('reports %s', (leaf, code) => {
    expect(codes(rule(leaf))).toEqual([code]);
  });

  it('warns about an invalid regular expression and a value of the wrong type', () => {
    expect(rule('{ attribute: "g:s", operator: rlike, value: "([a-z" }')).toMatchObject([{ severity: 'warning', code: 'invalid-regex' }]);
    expect(rule('{ attribute: "g:n", operator: ">=", value: "3" }')).toMatchObject([{ severity: 'warning', code: 'value-type-mismatch', hint: 'remove the quotes: 3' }]);
    expect(rule('{ attribute: "g:flag", operator: "=", value: "yes" }')).toMatchObject([{ severity: 'warning', code: 'value-type-mismatch' }]);
  });

  it('reports empty lists and more than 100 conditions in a tree', () => {
    expect(codes(rule('{ all: [{ any: [] }] }'))).toEqual(['empty-criteria']);
    const many = Array.from({ length: 101 }, () => '{ attribute: "g:n", operator: ">", value: 1 }').join(', ');
    expect(codes(rule(`{ none: [${many}] }`))).toEqual(['too-many-conditions']);
  });
});

describe('changed', () => {
  it('is allowed at the top and inside all, at any depth of all', () => {
    expect(rule('{ attribute: "g:s", operator: changed }')).toEqual([]);
    expect(rule('{ all: [{ all: [{ attribute: "g:s", operator: changed }] }] }')).toEqual([]);
  });

  it('is refused inside any and none, even below an all', () => {
    expect(rule('{ any: [{ attribute: "g:s", operator: changed }, { attribute: "g:n", operator: ">", value: 1 }] }')).toMatchObject([
      { code: 'changed-not-allowed', line: 12, column: 49 },
    ]);
    expect(codes(rule('{ none: [{ all: [{ attribute: "g:s", operator: changed }] }] }'))).toEqual(['changed-not-allowed']);
  });

  it('is refused in segments', () => {
    expect(codes(rule('{ attribute: "g:s", operator: changed }', 'Segment'))).toEqual(['changed-in-segment']);
  });
});
