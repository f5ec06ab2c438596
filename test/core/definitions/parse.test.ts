import { validateDefinitionSources } from '../../../src/core/validate/sources.js';
import { describe, expect, it } from 'vitest';
import { sortDiagnostics } from '../../../src/core/diagnostics.js';
import type { AttributeGroup, Intervention, Segment, Service } from '../../../src/core/model.js';
import { codes, parse } from './helpers.js';

const travel = `# yaml-language-server: $schema=../schema/signals.schema.json
kind: AttributeGroup
name: travel_view
version: 1
source: stream
attribute_key: domain_sessionid
owner: you@example.com
description: Session-level travel preferences
ttl: 7d
attributes:
  - name: destination_page_view_count
    type: int32
    aggregation: counter
    events: [page_view]
    criteria:
      all:
        - { property: page_urlpath, operator: like, value: "%destinations%" }
  - name: preferred_experience_length
    type: string
    aggregation: last
    events: [com.snowplowanalytics.accelerators.travel/experience_filter/1-0-0]
    property: event:com.snowplowanalytics.accelerators.travel/experience_filter/1:filter_value
    criteria:
      all:
        - property: event:com.snowplowanalytics.accelerators.travel/experience_filter/1:filter_type
          operator: "="
          value: duration
`;

describe('parseDefinitionSources', () => {
  it('turns the SPEC example into the canonical model', () => {
    const { definitions, diagnostics } = parse(travel, 'definitions/travel.yaml');
    expect(diagnostics).toEqual([]);
    expect(definitions).toHaveLength(1);
    const def = definitions[0];
    expect(def?.kind).toBe('AttributeGroup');
    expect(def?.protect).toBe(false);
    expect(def?.location).toEqual({ file: 'definitions/travel.yaml', line: 2, column: 1 });
    const g = def?.spec as AttributeGroup;
    expect(Object.keys(g)).toEqual(['name', 'version', 'description', 'owner', 'attribute_key', 'online', 'offline', 'ttl', 'attributes', 'is_published']);
    expect(g.attribute_key).toEqual({ name: 'domain_sessionid' });
    expect(g.ttl).toBe('P7D');
    expect(g.online).toBe(true);
    expect(g.offline).toBe(false);
    expect(g.is_published).toBe(true);
    expect(g.attributes?.[0]).toEqual({
      name: 'destination_page_view_count',
      type: 'int32',
      events: [{ vendor: 'com.snowplowanalytics.snowplow', name: 'page_view', version: '1-0-0' }],
      aggregation: 'counter',
      criteria: { all: [{ property: { type: 'atomic', name: 'page_urlpath' }, operator: 'like', value: '%destinations%' }] },
    });
    expect(g.attributes?.[1]?.property).toEqual({
      type: 'event',
      vendor: 'com.snowplowanalytics.accelerators.travel',
      name: 'experience_filter',
      major_version: 1,
      path: 'filter_value',
    });
  });

  it('reads several documents per file and locates each', () => {
    const text = `kind: AttributeKey\nname: a\n---\n# comment\nkind: AttributeKey\nname: b\n---\n---\n  kind: AttributeKey\n  name: c\n`;
    const { definitions, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    expect(definitions.map((d) => [d.spec.name, d.location?.line, d.location?.column])).toEqual([
      ['a', 1, 1],
      ['b', 5, 1],
      ['c', 9, 3],
    ]);
  });

  it('resolves anchors, aliases and merge keys, without sharing arrays between definitions', () => {
    const text = `kind: Segment
name: a
x-tags: &tags [culture, history]
x-base: &base { attribute: "g:tag", operator: in }
criteria:
  any:
    - { <<: *base, value: *tags }
    - { attribute: "g:other", operator: in, value: *tags }
`;
    const { definitions, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    const criteria = (definitions[0]?.spec as Segment).criteria as unknown as { any: { attribute: string; operator: string; value: string[] }[] };
    expect(criteria.any[0]).toEqual({ attribute: 'g:tag', operator: 'in', value: ['culture', 'history'] });
    expect(criteria.any[1]?.value).toEqual(['culture', 'history']);
    expect(criteria.any[0]?.value).not.toBe(criteria.any[1]?.value);
  });

  it('applies defaults: version 1, online, offline from source, entity index 0, is_published true', () => {
    const { definitions, diagnostics } = parse(`kind: AttributeGroup
name: g
source: batch
attribute_key: { name: user_id }
attributes:
  - { name: a, type: double, aggregation: sum, events: [page_view], property: "entity:com.acme/p/1:$.price" }
---
kind: Intervention
name: i
criteria: { attribute: "g:a", operator: ">", value: 1, }
---
kind: Service
name: s
is_published: false
attribute_groups: [g, { name: g }, g@1]
`);
    expect(diagnostics).toEqual([]);
    const g = definitions[0]?.spec as AttributeGroup;
    expect(g.version).toBe(1);
    expect(g.offline).toBe(true);
    expect(g.online).toBe(true);
    expect(g.attributes?.[0]?.property).toEqual({ type: 'entity', vendor: 'com.acme', name: 'p', major_version: 1, path: 'price', index: 0 });
    expect(g.attributes?.[0]?.events).toHaveLength(1);
    const i = definitions[1]?.spec as Intervention;
    expect(i.version).toBe(1);
    expect(i.is_published).toBe(true);
    expect(i.criteria).toEqual({ attribute: 'g:a', operator: '>', value: 1 });
    const s = definitions[2]?.spec as Service;
    expect(s.is_published).toBe(false);
    expect(s.attribute_groups).toEqual([
      { name: 'g', version: 1 },
      { name: 'g', version: 1 },
      { name: 'g', version: 1 },
    ]);
  });

  it('resolves a bare group name to the highest version defined in any file', () => {
    const parsed = parse(`kind: Service
name: s
attribute_groups: [g, other]
---
kind: AttributeGroup
name: g
version: 3
attribute_key: domain_userid
attributes: [{ name: a, type: int32, aggregation: counter }]
---
kind: AttributeGroup
name: g
version: 12
attribute_key: domain_userid
attributes: [{ name: a, type: int32, aggregation: counter }]
`);
    expect((parsed.definitions[0]?.spec as Service).attribute_groups).toEqual([
      { name: 'g', version: 12 },
      { name: 'other', version: 1 },
    ]);
  });

  it('reads long forms for every shorthand', () => {
    const { definitions, diagnostics } = parse(`kind: AttributeGroup
name: g
offline: false
attribute_key: { name: domain_userid }
attributes:
  - name: a
    type: string
    aggregation: last
    events: [{ vendor: com.acme, name: x, version: 1-0-0 }, { name: only_name }]
    property: { type: entity, vendor: com.acme, name: p, major_version: 2, path: sku, index: 1 }
    criteria:
      all: [{ property: { type: atomic, name: app_id }, operator: "=", value: web }]
`);
    expect(diagnostics).toEqual([]);
    const a = (definitions[0]?.spec as AttributeGroup).attributes?.[0];
    expect(a?.events).toEqual([{ vendor: 'com.acme', name: 'x', version: '1-0-0' }, { name: 'only_name' }]);
    expect(a?.property).toEqual({ type: 'entity', vendor: 'com.acme', name: 'p', major_version: 2, path: 'sku', index: 1 });
    expect(a?.criteria?.all?.[0]?.property).toEqual({ type: 'atomic', name: 'app_id' });
  });

  it('moves an attribute-level date_part onto the property', () => {
    const { definitions, diagnostics } = parse(`kind: AttributeGroup
name: g
attribute_key: domain_userid
attributes:
  - { name: h, type: int32, aggregation: most_frequent, events: [page_view], property: derived_tstamp, date_part: hour_of_day }
`);
    expect(diagnostics).toEqual([]);
    expect((definitions[0]?.spec as AttributeGroup).attributes?.[0]?.property).toEqual({ type: 'atomic', name: 'derived_tstamp', date_part: 'hour_of_day' });
  });

  it('reports date_part without a property, and a contradicting one', () => {
    const { definitions, diagnostics } = parse(`kind: AttributeGroup
name: g
attribute_key: domain_userid
attributes:
  - { name: h, type: int32, aggregation: most_frequent, date_part: hour_of_day }
  - { name: i, type: int32, aggregation: most_frequent, property: { type: atomic, name: derived_tstamp, date_part: day_of_week }, date_part: hour_of_day }
`);
    expect(definitions).toEqual([]);
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ['date-part-without-property', 5, 68],
      ['date-part-conflict', 6, 142],
    ]);
  });

  it('maps the legacy user/session key names to the built-ins, with a warning', () => {
    const { definitions, diagnostics } = parse(`kind: AttributeGroup
name: g
attribute_key: session
attributes: [{ name: a, type: int32, aggregation: counter, events: [page_view] }]
`);
    expect((definitions[0]?.spec as AttributeGroup).attribute_key).toEqual({ name: 'domain_sessionid' });
    expect(diagnostics).toMatchObject([{ severity: 'warning', code: 'legacy-attribute-key', line: 3, column: 16 }]);
  });

  it('maps source to offline and rejects contradictions', () => {
    expect(codes(parse(`kind: AttributeGroup\nname: g\nsource: stream\noffline: true\nattribute_key: user_id\nattributes: []\n`).diagnostics)).toEqual(['source-offline-conflict']);
    expect(codes(parse(`kind: AttributeGroup\nname: g\nsource: external\nattribute_key: user_id\nattributes: []\n`).diagnostics)).toEqual(['external-group-needs-fields']);
    expect(codes(parse(`kind: AttributeGroup\nname: g\nsource: batch\nattribute_key: user_id\nfields: [{ name: A, type: int32 }]\n`).diagnostics)).toEqual(['batch-group-fields']);
    const external = parse(`kind: AttributeGroup
name: g
source: external
attribute_key: user_id
fields: [{ name: A, type: int32 }]
batch_source: { name: s, database: d, schema: s, table: t, timestamp_field: u }
`);
    expect(external.diagnostics).toEqual([]);
    expect((external.definitions[0]?.spec as AttributeGroup).offline).toBe(true);
  });

  it('keeps protect and x- extension keys out of the spec', () => {
    const { definitions, diagnostics } = parse(`kind: Segment\nname: s\nprotect: true\nx-notes: anything\ncriteria: { attribute: "g:a", operator: is null }\n`);
    expect(diagnostics).toEqual([]);
    expect(definitions[0]).toMatchObject({ kind: 'Segment', protect: true, spec: { name: 's', criteria: { attribute: 'g:a', operator: 'is null' } } });
    expect(Object.keys(definitions[0]?.spec ?? {})).toEqual(['name', 'criteria']);
  });

  it('folds a null value into absent', () => {
    const { definitions } = parse(`kind: Segment\nname: s\ncriteria: { attribute: "g:a", operator: is null, value: null }\n`);
    expect((definitions[0]?.spec as Segment).criteria).toEqual({ attribute: 'g:a', operator: 'is null' });
  });
});

describe('bad input', () => {
  it('reports unknown keys with a did-you-mean at the key', () => {
    const { definitions, diagnostics, stubs } = parse(`kind: AttributeGroup
name: g
attribute_key: domain_userid
attributes:
  - name: a
    type: int32
    aggregation: counter
    evnts: [page_view]
`);
    expect(diagnostics).toEqual([
      { severity: 'error', code: 'unknown-key', message: 'unknown key evnts in attributes[0]', file: 'defs.yaml', line: 8, column: 5, hint: 'did you mean events?' },
    ]);
    // The rest of the document is still read, so its other problems are reported in the same run.
    expect(definitions.map((d) => d.spec.name)).toEqual(['g']);
    expect(JSON.stringify(definitions[0]?.spec)).not.toContain('evnts');
    expect(stubs).toEqual([]);
  });

  it('still checks the rest of a document that has an unknown key', () => {
    const { diagnostics } = validateDefinitionSources([
      {
        file: 'defs.yaml',
        text: `kind: AttributeGroup
name: g
attribute_key: domain_userid
attributes:
  - name: total
    type: string
    aggregation: sum
    property: page_url
    evnts: [page_view]
`,
      },
    ]);
    expect(diagnostics.map((d) => d.code).sort()).toEqual(['aggregation-type-mismatch', 'unknown-key']);
  });

  it('rejects a document whose other problems are structural, reporting them all', () => {
    const { definitions, diagnostics } = parse(`kind: AttributeGroup
name: g
attribute_key: domain_userid
attributes:
  - name: a
    type: int32
    aggregation: [counter]
    evnts: [page_view]
`);
    expect(definitions).toEqual([]);
    expect(diagnostics.map((d) => d.code).sort()).toEqual(['unknown-key', 'wrong-type']);
  });

  it('lists the allowed keys when nothing is close', () => {
    const { diagnostics } = parse(`kind: Service\nname: s\nattribute_groups: [g@1]\nfrobnicate: 1\n`);
    expect(diagnostics[0]?.code).toBe('unknown-key');
    expect(diagnostics[0]?.hint).toContain('attribute_groups');
  });

  it('reports unknown kinds, missing kinds and documents that are not mappings', () => {
    expect(parse(`kind: AttributeGrup\nname: g\n`).diagnostics).toMatchObject([{ code: 'unknown-kind', line: 1, column: 7, hint: 'did you mean AttributeGroup?' }]);
    expect(parse(`name: g\n`).diagnostics).toMatchObject([{ code: 'missing-kind', line: 1, column: 1 }]);
    expect(parse(`- kind: Segment\n`).diagnostics).toMatchObject([{ code: 'document-not-mapping', line: 1, column: 1 }]);
    expect(parse(`just a string\n`).diagnostics).toMatchObject([{ code: 'document-not-mapping' }]);
  });

  it('reports wrong types with what was found', () => {
    const { diagnostics } = parse(`kind: AttributeGroup
name: g
version: "2"
attribute_key: domain_userid
attributes:
  name: a
`);
    expect(diagnostics.map((d) => [d.code, d.line, d.message])).toEqual([
      ['wrong-type', 3, 'version must be an integer, not the string "2"'],
      ['wrong-type', 6, 'attributes must be a list, not a mapping'],
    ]);
    expect(parse(`kind: Service\nname: s\nattribute_groups:\n`).diagnostics).toMatchObject([{ code: 'wrong-type', message: 'attribute_groups is empty; it must be a list', line: 3 }]);
  });

  it('reports missing required fields at the enclosing mapping', () => {
    const { diagnostics } = parse(`kind: AttributeGroup
name: g
attribute_key: domain_userid
attributes:
  - name: a
    type: int32
`);
    expect(diagnostics).toMatchObject([{ code: 'missing-field', message: 'missing required field aggregation in attributes[0]', line: 5, column: 5 }]);
  });

  it('reports unknown enum values with a did-you-mean', () => {
    const { diagnostics } = parse(`kind: AttributeGroup
name: g
attribute_key: domain_userid
attributes:
  - { name: a, type: int33, aggregation: averge, events: [page_view] }
`);
    expect(diagnostics).toMatchObject([
      { code: 'invalid-value', message: 'unknown type "int33"', hint: 'did you mean int32?', line: 5, column: 22 },
      { code: 'invalid-value', message: 'unknown aggregation "averge"', line: 5, column: 42 },
    ]);
  });

  it('narrows union errors to the form that was written', () => {
    const { diagnostics } = parse(`kind: AttributeGroup
name: g
attribute_key: domain_userid
attributes:
  - name: a
    type: string
    aggregation: last
    events: [42]
    property: { type: atomic, nam: page_url }
`);
    expect(sortDiagnostics(diagnostics).map((d) => [d.code, d.message])).toEqual([
      ['wrong-type', 'events[0] must be a string or a mapping, not the integer 42'],
      ['missing-field', 'missing required field name in property'],
      ['unknown-key', 'unknown key nam in property'],
    ]);
  });

  it('reports unparseable shorthands with the accepted forms', () => {
    const { diagnostics } = parse(`kind: AttributeGroup
name: g
attribute_key: domain_userid
attributes:
  - { name: a, type: string, aggregation: last, events: [checkout], property: "event:com.acme/x:total" }
---
kind: Service
name: s
attribute_groups: [g@latest]
`);
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ['invalid-event', 5, 58],
      ['invalid-property', 5, 79],
      ['invalid-group-reference', 9, 20],
    ]);
    expect(diagnostics[0]?.hint).toContain('vendor/name/1-0-0');
  });

  it('reports a criteria node with both all and any, and malformed nodes', () => {
    const { diagnostics } = parse(`kind: Intervention
name: i
criteria:
  all: [{ attribute: "g:a", operator: "=", value: 1 }]
  any: [{ attribute: "g:b", operator: "=", value: 1 }]
---
kind: Segment
name: s
criteria:
  all:
    - {}
    - { segment: t, operator: "=" }
    - { attribute: "g:a", operator: "=", segment: t }
    - { all: [], value: 3 }
`);
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['criteria-all-and-any', 4],
      ['invalid-criteria-node', 11],
      ['invalid-criteria-node', 12],
      ['invalid-criteria-node', 13],
      ['invalid-criteria-node', 14],
    ]);
  });

  it('needs an operator on attribute leaves', () => {
    expect(codes(parse(`kind: Segment\nname: s\ncriteria: { attribute: "g:a" }\n`).diagnostics)).toEqual(['missing-field']);
  });

  it('reports duplicate keys', () => {
    const { diagnostics } = parse(`kind: AttributeKey\nname: a\nname: b\n`);
    expect(diagnostics).toMatchObject([{ code: 'duplicate-key', line: 3, column: 1 }]);
  });

  it('reports bad indentation', () => {
    const { definitions, diagnostics } = parse(`kind: AttributeGroup\nname: g\nattributes:\n  - name: a\n   type: int32\n`);
    expect(definitions).toEqual([]);
    expect(diagnostics).toMatchObject([{ severity: 'error', code: 'yaml-indentation', line: 5, column: 1 }]);
    expect(parse(`kind: AttributeKey\n  name: a\n description: b\n`).diagnostics[0]?.code).toMatch(/^yaml-/);
    expect(parse(`kind: AttributeGroup\nattributes:\n    name: a\n   type: b\n`).diagnostics).toMatchObject([{ code: 'yaml-indentation', line: 4 }]);
  });

  it('reports an unclosed bracket as such', () => {
    expect(parse(`kind: AttributeGroup\nname: g\nattribute_key: [a, b\ndescription: x\n`).diagnostics).toMatchObject([
      { code: 'yaml-syntax', hint: 'check for an unclosed bracket [ or brace {' },
    ]);
  });

  it('passes YAML warnings on, and still reads the document', () => {
    const { definitions, diagnostics } = parse(`kind: AttributeKey\nname: !custom account_id\n`);
    expect(diagnostics).toMatchObject([{ severity: 'warning', code: 'yaml-warning', line: 2, column: 7 }]);
    expect(definitions).toHaveLength(1);
  });

  it('reports an unclosed quote', () => {
    const { diagnostics } = parse(`kind: AttributeKey\nname: "a\ndescription: b\n`);
    expect(diagnostics).toMatchObject([{ severity: 'error', code: 'yaml-syntax', line: 2, column: 7, hint: 'add the closing "' }]);
    expect(parse(`kind: AttributeKey\ndescription: 'it''s\nname: b\n`).diagnostics).toMatchObject([{ line: 2, column: 14 }]);
  });

  it('reports tabs used for indentation with a hint', () => {
    const { diagnostics } = parse(`kind: AttributeGroup\nname: g\nattributes:\n\t- name: a\n`);
    expect(diagnostics[0]).toMatchObject({ code: 'yaml-tab-indent', line: 4, hint: 'YAML indentation must use spaces, not tabs' });
  });

  it('hints at quoting operators that YAML reads as block scalars', () => {
    const { diagnostics } = parse(`kind: Segment\nname: s\ncriteria:\n  attribute: g:a\n  operator: >=\n  value: 3\n`);
    expect(diagnostics[0]?.hint).toContain('operator: ">="');
  });

  it('warns about an empty file', () => {
    for (const text of ['', '\n\n', '# only a comment\n', '---\n']) {
      const { definitions, diagnostics } = parse(text);
      expect(definitions).toEqual([]);
      expect(diagnostics).toEqual([
        { severity: 'warning', code: 'empty-file', message: 'the file holds no definitions', file: 'defs.yaml', line: 1, column: 1, hint: 'add a definition with a kind, or delete the file' },
      ]);
    }
  });

  it('rejects binary garbage with one clear error', () => {
    const garbage = String.fromCharCode(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d);
    const { definitions, diagnostics } = parse(garbage, 'logo.yaml');
    expect(definitions).toEqual([]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'error', code: 'binary-content', file: 'logo.yaml', line: 2, column: 1 });
    expect(diagnostics[0]?.message).toContain('U+001A');
  });

  it('ignores a byte-order mark', () => {
    expect(parse(`\uFEFFkind: AttributeKey\nname: a\n`).diagnostics).toEqual([]);
  });

  it('refuses an alias bomb quickly instead of expanding it', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const { definitions, diagnostics } = parse(`kind: Segment\nname: s\nx-bomb:\n${levels.map((l) => `  ${l}`).join('\n')}\ncriteria: { attribute: "g:a", operator: is null }\n`);
    expect(definitions).toEqual([]);
    expect(diagnostics).toMatchObject([{ severity: 'error', code: 'yaml-alias-limit', line: 1, column: 1 }]);
  });

  it('caps the number of syntax errors reported for one file', () => {
    const text = Array.from({ length: 60 }, (_, i) => `k${i}: "unclosed\n---`).join('\n');
    const { diagnostics } = parse(text);
    expect(diagnostics.length).toBeLessThanOrEqual(21);
    expect(diagnostics[diagnostics.length - 1]?.message).toMatch(/more YAML syntax errors not shown/);
  });
});
