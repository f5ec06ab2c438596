import { describe, expect, it } from 'vitest';
import { startTestEmulator, useEmulator } from '../helpers/emulator.js';
import { group, rawClient } from './http.js';

describe('the emulator applies the rules of signals validate', () => {
  const emu = useEmulator();
  const call = () => rawClient(emu().url);

  it('answers 422 with the validate codes for semantic problems of a group', async () => {
    const r = await call()('POST', '/api/v1/registry/attribute_groups/', group('g', 1, {
      attributes: [
        { name: 'a', type: 'string', events: [], aggregation: 'sum', property: { type: 'atomic', name: 'page_url' } },
        { name: 'b', type: 'string', events: [], aggregation: 'last' },
        { name: 'c', type: 'int32', events: [], aggregation: 'counter', period: 'PT1H', ttl: 'P1D' },
      ],
    }));
    expect(r.status).toBe(422);
    expect(r.body.detail.map((d: { loc: unknown[]; type: string }) => [d.loc.join('.'), d.type]).sort()).toEqual([
      ['body.attributes.0.type', 'aggregation-type-mismatch'],
      ['body.attributes.1', 'missing-property'],
      ['body.attributes.2.ttl', 'ttl-with-period'],
    ]);
    expect(r.body.detail.find((d: { type: string }) => d.type === 'missing-property').msg).toBe('last needs a property to read (attribute b)');
    expect(emu().registry.find('AttributeGroup', 'g')).toBeUndefined();
  });

  it('checks intervention criteria against the stored groups', async () => {
    await call()('POST', '/api/v1/registry/attribute_groups/', group('sessions'));
    const r = await call()('POST', '/api/v1/registry/interventions/', {
      name: 'n',
      criteria: { any: [{ attribute: 'sessions:page_views', operator: 'changed' }, { attribute: 'sessions:page_views', operator: 'in', value: 3 }] },
    });
    expect(r.status).toBe(422);
    expect(r.body.detail.map((d: { type: string }) => d.type)).toEqual(['changed-not-allowed', 'in-needs-list']);
  });

  it('reports a reference problem once, even though both layers see it', async () => {
    const r = await call()('POST', '/api/v1/registry/services/', { name: 'svc', attribute_groups: [{ name: 'ghost', version: 1 }] });
    expect(r.body.detail).toEqual([{ loc: ['body', 'attribute_groups', 0], msg: 'attribute group ghost version 1 does not exist', type: 'value_error' }]);
  });

  it('accepts a re-sent built-in key, as Signals does', async () => {
    const r = await call()('PUT', '/api/v1/registry/attribute_keys/domain_userid', { name: 'domain_userid', key: 'domain_userid', description: 'The domain user ID for the user.', is_published: false });
    expect(r.status).toBe(200);
  });

  it('can run with reference checks only', async () => {
    const lax = await startTestEmulator({ semanticCheck: false });
    try {
      const r = await rawClient(lax.url)('POST', '/api/v1/registry/attribute_groups/', group('g', 1, { attributes: [{ name: 'b', type: 'string', events: [], aggregation: 'last' }] }));
      expect(r.status).toBe(200);
    } finally {
      await lax.close();
    }
  });
});
