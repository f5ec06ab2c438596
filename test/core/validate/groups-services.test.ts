import { describe, expect, it } from 'vitest';
import { check, codes, groupWith } from '../definitions/helpers.js';

const counter = `  - { name: a, type: int32, aggregation: counter, events: [page_view] }\n`;
const source = 'batch_source: { name: s, database: d, schema: x, table: t, timestamp_field: u }\n';
const fields = 'fields: [{ name: A, type: int32 }]\n';
const group = (head: string, body: string) => `kind: AttributeGroup\nname: g\n${head}attribute_key: user_id\n${body}`;

describe('group shape by source', () => {
  it('accepts stream, batch and external groups in their forms', () => {
    expect(check(group('', `attributes:\n${counter}`)).diagnostics).toEqual([]);
    expect(check(group('source: batch\n', `attributes:\n${counter}`)).diagnostics).toEqual([]);
    expect(check(group('source: external\n', fields + source)).diagnostics).toEqual([]);
  });

  it('reports a group without attributes', () => {
    expect(check(group('', '')).diagnostics).toMatchObject([{ code: 'group-without-attributes', line: 2 }]);
    expect(check(group('', 'attributes: []\n')).diagnostics).toMatchObject([{ code: 'group-without-attributes', line: 4 }]);
  });

  it('reports fields or a batch_source on a stream group', () => {
    expect(codes(check(group('', `attributes:\n${counter}${source}`)).diagnostics)).toEqual(['stream-group-fields']);
    expect(codes(check(group('offline: false\n', fields)).diagnostics)).toEqual(['stream-group-fields']);
  });

  it('reports external groups with attributes, without a batch_source or without fields', () => {
    expect(codes(check(group('offline: true\n', `${fields}${source}attributes:\n${counter}`)).diagnostics)).toEqual(['external-group-attributes']);
    expect(check(group('source: external\n', fields)).diagnostics).toMatchObject([{ code: 'external-group-needs-batch-source', line: 5 }]);
    expect(codes(check(group('source: external\n', source)).diagnostics)).toEqual(['external-group-needs-fields']);
    expect(codes(check(group('source: external\n', `fields: []\n${source}`)).diagnostics)).toEqual(['external-group-needs-fields']);
  });

  it('checks backfill_since_tstamp', () => {
    expect(check(group('backfill_since_tstamp: "2026-01-01T00:00:00Z"\n', `attributes:\n${counter}`)).diagnostics).toEqual([]);
    expect(codes(check(group('backfill_since_tstamp: last tuesday\n', `attributes:\n${counter}`)).diagnostics)).toEqual(['invalid-timestamp']);
  });
});

describe('unknown-attribute-key', () => {
  it('accepts built-ins and local keys', () => {
    expect(check(`kind: AttributeKey\nname: account_id\n---\n${groupWith(counter).replace('domain_userid', 'account_id')}`).diagnostics).toEqual([]);
  });

  it('reports unknown keys with a suggestion', () => {
    expect(check(groupWith(counter).replace('domain_userid', 'domain_sesionid')).diagnostics).toMatchObject([
      { code: 'unknown-attribute-key', line: 3, column: 16, hint: 'did you mean domain_sessionid?' },
    ]);
    expect(check(groupWith(counter).replace('domain_userid', 'account')).diagnostics[0]?.hint).toContain('kind: AttributeKey');
  });

  it('does not cascade when the key file itself failed to parse', () => {
    const { diagnostics } = check(`kind: AttributeKey\nname: account_id\nproprety: x\n---\n${groupWith(counter).replace('domain_userid', 'account_id')}`);
    expect(codes(diagnostics)).toEqual(['unknown-key']);
  });
});

describe('broad-counter', () => {
  it('warns about counting every event or page pings without criteria', () => {
    expect(check(groupWith(`  - { name: a, type: int32, aggregation: counter }\n`)).diagnostics).toMatchObject([{ severity: 'warning', code: 'broad-counter' }]);
    expect(check(groupWith(`  - { name: a, type: int32, aggregation: counter, events: [{ vendor: com.acme }] }\n`)).diagnostics).toMatchObject([{ code: 'broad-counter' }]);
    expect(check(groupWith(`  - { name: a, type: int32, aggregation: counter, events: [page_ping] }\n`)).diagnostics).toMatchObject([{ severity: 'warning', code: 'broad-counter' }]);
  });

  it('is quiet with an event filter or criteria', () => {
    expect(check(groupWith(counter)).diagnostics).toEqual([]);
    expect(check(groupWith(`  - { name: a, type: int32, aggregation: counter, events: [page_ping], criteria: { all: [{ property: app_id, operator: "=", value: x }] } }\n`)).diagnostics).toEqual([]);
  });
});

describe('services', () => {
  const g = (version: number) => `kind: AttributeGroup\nname: g\nversion: ${version}\nattribute_key: user_id\nattributes:\n${counter}---\n`;

  it('accepts local group versions', () => {
    expect(check(`${g(1)}kind: Service\nname: s\nattribute_groups: [g@1]\n`).diagnostics).toEqual([]);
  });

  it('reports an empty list and more than 100 groups', () => {
    expect(check(`kind: Service\nname: s\nattribute_groups: []\n`).diagnostics).toMatchObject([{ code: 'empty-service', line: 3, column: 19 }]);
    const many = Array.from({ length: 101 }, (_, i) => `g${i}@1`).join(', ');
    expect(codes(check(`kind: Service\nname: s\nattribute_groups: [${many}]\n`).diagnostics, 'error')).toEqual(['too-many-groups']);
  });

  it('reports a missing version of a local group, listing the versions', () => {
    expect(check(`${g(1)}${g(2)}kind: Service\nname: s\nattribute_groups: [g@3]\n`).diagnostics).toMatchObject([
      { code: 'unknown-group-version', message: 'attribute group g has no version 3', hint: 'versions defined: g@1, g@2', line: 17, column: 20 },
    ]);
  });

  it('warns about a group defined nowhere here, with a suggestion when close', () => {
    expect(check(`${g(1)}kind: Service\nname: s\nattribute_groups: [g2@1]\n`).diagnostics).toMatchObject([
      { severity: 'warning', code: 'unknown-group', hint: 'did you mean g? (plan checks that it exists in Signals)' },
    ]);
  });

  it('reports repeated groups and two versions of one group', () => {
    expect(check(`${g(1)}kind: Service\nname: s\nattribute_groups: [g@1, g@1]\n`).diagnostics).toMatchObject([{ severity: 'warning', code: 'duplicate-service-group' }]);
    expect(check(`${g(1)}${g(2)}kind: Service\nname: s\nattribute_groups: [g@1, g@2]\n`).diagnostics).toMatchObject([
      { severity: 'error', code: 'duplicate-service-group' },
    ]);
  });

  it('warns when a newer local version exists', () => {
    expect(check(`${g(1)}${g(2)}kind: Service\nname: s\nattribute_groups: [g@1]\n`).diagnostics).toMatchObject([
      { severity: 'warning', code: 'service-pins-old-version', hint: 'serve g@2 when it is ready' },
    ]);
  });

  it('resolves payload groups of interventions', () => {
    const base = `${g(1)}kind: Intervention\nname: i\ncriteria: { attribute: "g:a", operator: ">", value: 1 }\n`;
    expect(check(`${base}payload_attribute_groups: [g@1]\n`).diagnostics).toEqual([]);
    expect(codes(check(`${base}payload_attribute_groups: [g@5]\n`).diagnostics)).toEqual(['unknown-group-version']);
  });
});

describe('style warnings', () => {
  it('warns about owners that are not email addresses, except on keys', () => {
    expect(check(groupWith(counter, 'owner: data team\n')).diagnostics).toMatchObject([{ severity: 'warning', code: 'owner-not-email', line: 4, column: 8 }]);
    expect(check(groupWith(counter, 'owner: data@example.com\n')).diagnostics).toEqual([]);
    expect(check(`kind: AttributeKey\nname: k\nowner: data team\n`).diagnostics).toEqual([]);
  });

  it('warns when a published service serves an unpublished group, or a group uses an unpublished key', () => {
    const unpublished = `kind: AttributeGroup\nname: g\nattribute_key: k\nis_published: false\nattributes:\n${counter}`;
    expect(check(`kind: AttributeKey\nname: k\n---\n${unpublished}---\nkind: Service\nname: s\nattribute_groups: [g@1]\n`).diagnostics).toMatchObject([
      { severity: 'warning', code: 'unpublished-dependency', line: 13 },
    ]);
    expect(check(`kind: AttributeKey\nname: k\nis_published: false\n---\n${groupWith(counter).replace('domain_userid', 'k')}`).diagnostics).toMatchObject([
      { severity: 'warning', code: 'unpublished-dependency' },
    ]);
  });
});
