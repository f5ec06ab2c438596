import { describe, expect, it } from 'vitest';
import { fromWire } from '../../src/core/wire.js';

const locs = (issues: { loc: (string | number)[] }[]) => issues.map((i) => i.loc.join('.'));

describe('fromWire issues for malformed bodies', () => {
  it('reports a body that is not an object', () => {
    const r = fromWire('Service', [1, 2], ['body']);
    expect(r.spec).toBeUndefined();
    expect(r.issues).toEqual([{ loc: ['body'], msg: 'Input should be a valid dictionary or object', type: 'dict_type' }]);
  });

  it('reports every missing required field of a group at once', () => {
    const r = fromWire('AttributeGroup', { version: 'one', attributes: [{ name: 'bad name', events: 'x' }] });
    expect(locs(r.issues)).toEqual([
      'name',
      'version',
      'attribute_key',
      'attributes.0.name',
      'attributes.0.type',
      'attributes.0.events',
      'attributes.0.aggregation',
    ]);
    expect(r.issues.find((i) => i.loc.join('.') === 'attributes.0.name')?.type).toBe('string_pattern_mismatch');
    expect(r.issues.find((i) => i.loc.join('.') === 'version')?.type).toBe('int_type');
  });

  it('checks enums, atomic names and property fields', () => {
    const r = fromWire('AttributeGroup', {
      name: 'g',
      attribute_key: { name: 'domain_userid' },
      attributes: [
        {
          name: 'a',
          type: 'integer',
          events: [{ vendor: 'bad vendor!', version: '1.0.0' }],
          aggregation: 'count',
          property: { type: 'atomic', name: 'page_urlpth' },
          criteria: { all: [{ property: { type: 'event', vendor: 'v', name: 'e', major_version: 0, path: '$' }, operator: '==', value: { a: 1 } }] },
          period: 'a week',
        },
      ],
    });
    expect(locs(r.issues)).toEqual([
      'attributes.0.type',
      'attributes.0.events.0.vendor',
      'attributes.0.events.0.version',
      'attributes.0.aggregation',
      'attributes.0.property.name',
      'attributes.0.criteria.all.0.property.major_version',
      'attributes.0.criteria.all.0.property.path',
      'attributes.0.criteria.all.0.operator',
      'attributes.0.criteria.all.0.value',
      'attributes.0.period',
    ]);
  });

  it('rejects an unknown property type and bracket-quote paths', () => {
    const r = fromWire('AttributeKey', { name: 'k', property: { type: 'calculated', name: 'x' } });
    expect(r.issues[0]).toMatchObject({ loc: ['property', 'type'], type: 'union_tag_invalid' });
    const q = fromWire('AttributeKey', { name: 'k', property: { type: 'event', vendor: 'v', name: 'e', major_version: 1, path: "a['b']" } });
    expect(q.issues[0]).toMatchObject({ loc: ['property', 'path'], type: 'string_pattern_mismatch' });
  });

  it('rejects mixed-type criterion lists but accepts mixed default_value lists', () => {
    const r = fromWire('Intervention', { name: 'i', criteria: { attribute: 'g:a', operator: 'in', value: [1, 'a'] } });
    expect(locs(r.issues)).toEqual(['criteria.value']);
    const g = fromWire('AttributeGroup', {
      name: 'g',
      attribute_key: { name: 'k' },
      attributes: [{ name: 'a', type: 'string_list', events: [], aggregation: 'unique_list', property: { name: 'app_id' }, default_value: [1, 'a'] }],
    });
    expect(g.issues).toEqual([]);
  });

  it('rejects intervention criteria with two branches, bad attributes and segment leaves', () => {
    const r = fromWire('Intervention', {
      name: 'i',
      criteria: { all: [{ all: [], any: [] }, { attribute: 'nogroup', operator: '=' }, { segment: 'vip' }, { attribute: 'g:a', operator: 'between' }] },
      target_attribute_keys: ['domain_userid'],
    });
    expect(locs(r.issues)).toEqual([
      'criteria.all.0',
      'criteria.all.1.attribute',
      'criteria.all.2.segment',
      'criteria.all.3.operator',
      'target_attribute_keys.0',
    ]);
  });

  it('reports missing criteria and service groups', () => {
    expect(locs(fromWire('Intervention', { name: 'i' }).issues)).toEqual(['criteria']);
    expect(locs(fromWire('Service', { name: 's' }).issues)).toEqual(['attribute_groups']);
    expect(locs(fromWire('Service', { name: 's', attribute_groups: [{ version: 1 }] }).issues)).toEqual(['attribute_groups.0.name']);
  });

  it('reports bad booleans and batch sources', () => {
    const r = fromWire('AttributeGroup', {
      name: 'g',
      attribute_key: { name: 'k' },
      offline: 'yes',
      batch_source: { name: 'b', database: 'db', schema: 'bad schema' },
      fields: [{ name: 'F' }],
    });
    expect(locs(r.issues)).toEqual(['offline', 'fields.0.type', 'batch_source.schema', 'batch_source.table', 'batch_source.timestamp_field']);
  });

  it('prefixes locations', () => {
    expect(fromWire('AttributeKey', {}, ['body']).issues).toEqual([{ loc: ['body', 'name'], msg: 'Field required', type: 'missing' }]);
  });
});
