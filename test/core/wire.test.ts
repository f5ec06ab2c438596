import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RemoteKind } from '../../src/core/model.js';
import { formatLoc, formatWireIssue, fromWire, normalizePropertyPath, specToWire, toWire, type RemoteDefinition, type SpecOf } from '../../src/core/wire.js';
import { repoRoot } from '../helpers/shared-data.js';

interface Fixture {
  kind: RemoteKind;
  source: string;
  wire: Record<string, unknown>;
}

const dir = path.join(repoRoot, 'test', 'fixtures', 'wire');
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({ file, ...(JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Fixture) }));

/** Fixtures that are API responses or SDK bodies carrying fields this tool normalises away. */
const NORMALISED = new Set([
  'ref-2.8-user-id-key-output.json',
  'ref-2.8-sdk-builtin-domain-userid.json',
  'ref-2.9-quickstart-group.json',
  'ref-2.9-external-batch-group.json',
  'ref-2.9-group-response.json',
  'ref-2.11-cycle-cart-count-response.json',
  'ref-9.7-customer-tier-key.json',
]);

const def = <K extends RemoteKind>(kind: K, spec: SpecOf<K>) => ({ kind, spec, protect: false }) as unknown as RemoteDefinition;

describe('wire round trip over the reference examples', () => {
  it('has a fixture for every example', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
    expect(new Set(fixtures.map((f) => f.kind))).toEqual(new Set(['AttributeKey', 'AttributeGroup', 'Service', 'Intervention']));
  });

  for (const fixture of fixtures) {
    describe(fixture.file, () => {
      const first = fromWire(fixture.kind, fixture.wire);

      it('reads without issues', () => {
        expect(first.issues).toEqual([]);
        expect(first.ignored).toEqual([]);
        expect(first.spec).toBeDefined();
      });

      it('model → wire → model is the identity', () => {
        const wire = toWire(def(fixture.kind, first.spec!));
        const again = fromWire(fixture.kind, JSON.parse(JSON.stringify(wire)));
        expect(again.issues).toEqual([]);
        expect(again.spec).toStrictEqual(first.spec);
        expect(toWire(def(fixture.kind, again.spec!))).toStrictEqual(wire);
      });

      if (!NORMALISED.has(fixture.file)) {
        it('sends exactly what the SDK sends', () => {
          expect(toWire(def(fixture.kind, first.spec!))).toEqual(fixture.wire);
        });
      }
    });
  }
});

describe('fromWire normalisation (reference §4)', () => {
  const load = (file: string) => fixtures.find((f) => f.file === file)!;

  it('drops read-only group fields, folds nulls and maps the legacy user key', () => {
    const { spec, issues } = fromWire('AttributeGroup', load('ref-2.9-group-response.json').wire);
    expect(issues).toEqual([]);
    expect(spec).toStrictEqual({
      name: 'ecommerce_transaction_interactions_features',
      version: 1,
      attribute_key: { name: 'domain_userid' },
      online: true,
      offline: true,
      attributes: [
        {
          name: 'page_view_events_count_last_7_days',
          description: 'Page view events in the last 7 days',
          type: 'int64',
          events: [{ vendor: 'com.snowplowanalytics.snowplow', name: 'page_view', version: '1-0-0' }],
          aggregation: 'counter',
          period: 'P7D',
        },
      ],
      fields: [{ name: 'UPDATED_AT', description: 'Last updated at', type: 'unix_timestamp' }],
      batch_source: {
        name: 'ecommerce_transaction_interactions_source',
        database: 'SNOWPLOW_DEV1',
        schema: 'DUMMY_SCHEMA',
        table: 'SNOWPLOW_ECOMMERCE_TRANSACTION_INTERACTIONS_FEATURES',
        timestamp_field: 'UPDATED_AT',
      },
      is_published: false,
    });
  });

  it('reduces an embedded attribute key to its name and reads P1Y as 365 days', () => {
    const { spec } = fromWire('AttributeGroup', load('ref-2.9-external-batch-group.json').wire);
    expect(spec?.attribute_key).toStrictEqual({ name: 'domain_userid' });
    expect(spec?.ttl).toBe('P365D');
    expect(toWire(def('AttributeGroup', spec!))['ttl']).toBe('P365D');
  });

  it('drops the deprecated key and read-only blobl_path of attribute keys', () => {
    const { spec } = fromWire('AttributeKey', load('ref-2.8-user-id-key-output.json').wire);
    expect(spec).toStrictEqual({ name: 'user_id', description: 'The user ID for the user.', is_published: true });
  });

  it('applies defaults: version 1, online, offline false, is_published false, entity index 0', () => {
    const { spec, issues } = fromWire('AttributeGroup', {
      name: 'g',
      attribute_key: { name: 'session' },
      attributes: [
        {
          name: 'a',
          type: 'string',
          events: [{ name: 'page_view' }],
          aggregation: 'last',
          property: { vendor: 'v', name: 'ctx', major_version: 1, path: '$.x.y', type: 'entity' },
        },
      ],
    });
    expect(issues).toEqual([]);
    expect(spec).toStrictEqual({
      name: 'g',
      version: 1,
      attribute_key: { name: 'domain_sessionid' },
      online: true,
      offline: false,
      attributes: [
        {
          name: 'a',
          type: 'string',
          events: [{ name: 'page_view' }],
          aggregation: 'last',
          property: { type: 'entity', vendor: 'v', name: 'ctx', major_version: 1, path: 'x.y', index: 0 },
        },
      ],
      is_published: false,
    });
  });

  it('infers a missing property type', () => {
    const atomic = fromWire('AttributeKey', { name: 'k', property: { name: 'app_id' } });
    expect(atomic.spec?.property).toStrictEqual({ type: 'atomic', name: 'app_id' });
    const event = fromWire('AttributeKey', { name: 'k', property: { vendor: 'v', name: 'e', major_version: 2, path: 'p' } });
    expect(event.spec?.property).toStrictEqual({ type: 'event', vendor: 'v', name: 'e', major_version: 2, path: 'p' });
    const entity = fromWire('AttributeKey', { name: 'k', property: { vendor: 'v', name: 'e', major_version: 1, path: 'p', index: 2 } });
    expect(entity.spec?.property).toStrictEqual({ type: 'entity', vendor: 'v', name: 'e', major_version: 1, path: 'p', index: 2 });
  });

  it.each([
    ['P1W', 'P7D'],
    ['P7D', 'P7D'],
    [900, 'PT15M'],
    ['900', 'PT15M'],
    ['00:15:00', 'PT15M'],
    ['1 day, 02:00:00', 'P1DT2H'],
    ['PT90S', 'PT1M30S'],
    ['P1Y1D', 'P366D'],
    ['PT0S', 'PT0S'],
  ])('reads the duration %j as %s', (input, expected) => {
    const { spec, issues } = fromWire('AttributeKey', { name: 'k', ttl: input });
    expect(issues).toEqual([]);
    expect(spec?.ttl).toBe(expected);
  });

  it('reads a missing events list as all events', () => {
    const { spec, issues } = fromWire('AttributeGroup', { name: 'g', attribute_key: { name: 'user_id' }, attributes: [{ name: 'n', type: 'int32', aggregation: 'counter', events: null }] });
    expect(issues).toEqual([]);
    expect(spec?.attributes?.[0]?.events).toEqual([]);
  });

  it('treats a null criterion value as absent', () => {
    const { spec } = fromWire('Intervention', { name: 'i', criteria: { attribute: 'g:a', operator: 'is null', value: null } });
    expect(spec?.criteria).toStrictEqual({ attribute: 'g:a', operator: 'is null' });
  });

  it('maps legacy target key names', () => {
    const { spec } = fromWire('Intervention', { name: 'i', criteria: { attribute: 'g:a', operator: 'changed' }, target_attribute_keys: [{ name: 'user' }] });
    expect(spec?.target_attribute_keys).toStrictEqual([{ name: 'domain_userid' }]);
  });

  it('records unknown fields as ignored, like the API', () => {
    const { issues, ignored } = fromWire('Service', { name: 's', attribute_groups: [{ name: 'g' }], colour: 'red', tags: { a: 'b' } });
    expect(issues).toEqual([]);
    expect(ignored).toEqual(['colour']);
  });

  it('normalises a leading $. in property paths', () => {
    expect(normalizePropertyPath('$.user.profile.name')).toBe('user.profile.name');
    expect(normalizePropertyPath('$.events[0].items[1].value')).toBe('events[0].items[1].value');
    expect(normalizePropertyPath('price')).toBe('price');
    expect(normalizePropertyPath('$foo')).toBe('$foo');
  });
});

describe('toWire', () => {
  it('sends the SDK serialisation: defaults present, undefined and null absent', () => {
    const wire = toWire(
      def('AttributeGroup', {
        name: 'g',
        version: 2,
        attribute_key: { name: 'domain_userid' },
        online: true,
        offline: false,
        ttl: 'P7D',
        attributes: [{ name: 'a', type: 'int32', events: [], aggregation: 'counter', period: 'PT15M' }],
        is_published: true,
      }),
    );
    expect(JSON.stringify(wire)).toBe(
      '{"name":"g","version":2,"attribute_key":{"name":"domain_userid"},"online":true,"offline":false,"ttl":"P7D","attributes":[{"name":"a","type":"int32","events":[],"aggregation":"counter","period":"PT15M"}],"is_published":true}',
    );
  });

  it('never sends years', () => {
    const wire = specToWire('AttributeKey', { name: 'k', ttl: 'P1Y', is_published: false });
    expect(wire['ttl']).toBe('P365D');
  });

  it('refuses an intervention that still holds segment leaves', () => {
    expect(() =>
      toWire(def('Intervention', { name: 'i', version: 1, criteria: { all: [{ segment: 'vip' }] }, is_published: false })),
    ).toThrow(/segment vip must be expanded/);
  });
});

describe('issue rendering', () => {
  it('formats FastAPI locations', () => {
    expect(formatLoc(['body', 'attributes', 0, 'name'])).toBe('attributes[0].name');
    expect(formatLoc(['body'])).toBe('(body)');
    expect(formatWireIssue({ loc: ['body', 'criteria', 'all', 1, 'operator'], msg: 'bad' })).toBe('criteria.all[1].operator: bad');
    expect(formatWireIssue({ msg: 'plain' })).toBe('plain');
  });
});
