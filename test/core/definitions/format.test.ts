import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDefinitionObject, formatDefinitionsYaml, formatDefinitionYaml, formatDurationShorthand } from '../../../src/core/definitions/format.js';
import type { Definition } from '../../../src/core/model.js';
import { repoRoot } from '../../helpers/shared-data.js';
import { parse, withoutLocation } from './helpers.js';

const referenceDir = path.join(repoRoot, 'test', 'fixtures', 'definitions', 'reference');
const referenceFiles = readdirSync(referenceDir).filter((f) => f.endsWith('.yaml')).sort();

function roundTrip(def: Definition): Definition[] {
  const text = formatDefinitionYaml(def);
  const back = parse(text, 'formatted.yaml');
  expect(back.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return back.definitions;
}

describe('formatDefinitionYaml round trip', () => {
  it('has reference examples to work on', () => {
    expect(referenceFiles.length).toBeGreaterThanOrEqual(6);
  });

  for (const file of referenceFiles) {
    it(`parse(format(def)) equals def for every definition of ${file}`, () => {
      const parsed = parse(readFileSync(path.join(referenceDir, file), 'utf8'), file);
      expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(parsed.definitions.length).toBeGreaterThan(0);
      for (const def of parsed.definitions) {
        expect(withoutLocation(roundTrip(def))).toEqual(withoutLocation([def]));
      }
    });
  }

  it('round-trips the travel example of definitions/', () => {
    const dir = path.join(repoRoot, 'definitions');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'));
    const parsed = parse(files.map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n---\n'));
    for (const def of parsed.definitions) expect(withoutLocation(roundTrip(def))).toEqual(withoutLocation([def]));
  });

  it('round-trips long forms the shorthands cannot express', () => {
    const defs: Definition[] = [
      {
        kind: 'AttributeGroup',
        protect: true,
        spec: {
          name: 'g',
          version: 7,
          description: '',
          attribute_key: { name: 'my_key' },
          online: false,
          offline: true,
          attributes: [
            {
              name: 'a',
              type: 'string_list',
              events: [{ name: 'only_name' }, { vendor: 'only.vendor' }, {}],
              aggregation: 'unique_list',
              property: { type: 'entity', vendor: 'com.acme', name: 'n', major_version: 1, path: 'a b', index: 2 },
              criteria: {
                all: [{ property: { type: 'atomic', name: 'derived_tstamp', date_part: 'day_of_week' }, operator: 'in', value: [1, 7] }],
                any: [{ property: { type: 'atomic', name: 'app_id' }, operator: 'is null' }],
              },
              period: 'PT1.5S',
              default_value: ['x', 1, true],
            },
          ],
          is_published: false,
        },
      },
      {
        kind: 'AttributeKey',
        protect: false,
        spec: { name: 'k', property: { type: 'atomic', name: 'derived_tstamp', date_part: 'active_week' }, ttl: 'P1DT2H', is_published: true },
      },
      {
        kind: 'Intervention',
        protect: false,
        spec: {
          name: 'i',
          version: 2,
          criteria: { none: [{ any: [{ attribute: 'g:a', operator: 'rlike', value: '^a:b, c$' }, { segment: 's' }] }] },
          target_attribute_keys: [{ name: 'domain_userid' }],
          payload_attribute_groups: [{ name: 'g', version: 7 }],
          is_published: true,
        },
      },
    ];
    for (const def of defs) expect(withoutLocation(roundTrip(def))).toEqual(withoutLocation([def]));
  });
});

describe('formatDefinitionYaml output', () => {
  it('writes the header, shorthands, flow conditions and quoted operators', () => {
    const { definitions } = parse(`kind: AttributeGroup
name: travel_view
version: 1
attribute_key: { name: domain_sessionid }
ttl: P7D
attributes:
  - name: destination_page_view_count
    type: int32
    aggregation: counter
    events: [{ vendor: com.snowplowanalytics.snowplow, name: page_view, version: 1-0-0 }]
    criteria:
      all: [{ property: { type: atomic, name: page_urlpath }, operator: like, value: "%destinations%" }]
    period: PT1H30M
`);
    const def = definitions[0] as Definition;
    expect(formatDefinitionYaml(def)).toBe(`# yaml-language-server: $schema=../schema/signals.schema.json
kind: AttributeGroup
name: travel_view
version: 1
attribute_key: domain_sessionid
ttl: 7d
attributes:
  - name: destination_page_view_count
    type: int32
    aggregation: counter
    events: [page_view]
    criteria:
      all:
        - {property: page_urlpath, operator: like, value: "%destinations%"}
    period: 1h30m
`);
  });

  it('takes the schema path from the caller and can leave the header out', () => {
    const def: Definition = { kind: 'Segment', protect: false, spec: { name: 's', criteria: { attribute: 'g:a', operator: '>=', value: 3 } } };
    expect(formatDefinitionYaml(def, { schemaPath: 'https://example.com/s.json' }).split('\n')[0]).toBe('# yaml-language-server: $schema=https://example.com/s.json');
    expect(formatDefinitionYaml(def, { header: false })).toBe('kind: Segment\nname: s\ncriteria: {attribute: g:a, operator: ">=", value: 3}\n');
  });

  it('writes several definitions as one multi-document file', () => {
    const defs: Definition[] = [
      { kind: 'AttributeKey', protect: false, spec: { name: 'a', is_published: true } },
      { kind: 'Service', protect: false, spec: { name: 's', attribute_groups: [{ name: 'g', version: 2 }], is_published: false } },
    ];
    const text = formatDefinitionsYaml(defs);
    expect(text).toBe(`# yaml-language-server: $schema=../schema/signals.schema.json
kind: AttributeKey
name: a
---
kind: Service
name: s
is_published: false
attribute_groups: [g@2]
`);
    expect(withoutLocation(parse(text).definitions)).toEqual(withoutLocation(defs));
  });

  it('writes the source of batch and external groups', () => {
    const base = { name: 'g', version: 1, attribute_key: { name: 'user_id' }, online: true, is_published: true };
    const batch: Definition = { kind: 'AttributeGroup', protect: false, spec: { ...base, offline: true, attributes: [] } };
    const external: Definition = {
      kind: 'AttributeGroup',
      protect: false,
      spec: { ...base, offline: true, fields: [{ name: 'A', type: 'int32' }], batch_source: { name: 's', database: 'd', schema: 'x', table: 't', timestamp_field: 'u' } },
    };
    expect(formatDefinitionObject(batch)['source']).toBe('batch');
    expect(formatDefinitionObject(external)['source']).toBe('external');
    expect(Object.keys(formatDefinitionObject(external))).toEqual(['kind', 'name', 'version', 'source', 'attribute_key', 'fields', 'batch_source']);
  });

  it('writes durations in the short form when exact', () => {
    expect(formatDurationShorthand('P7D')).toBe('7d');
    expect(formatDurationShorthand('PT15M')).toBe('15m');
    expect(formatDurationShorthand('P1DT2H')).toBe('1d2h');
    expect(formatDurationShorthand('PT1.5S')).toBe('PT1.5S');
    expect(formatDurationShorthand('7 days')).toBe('7 days');
    expect(formatDurationShorthand(undefined)).toBeUndefined();
  });
});
