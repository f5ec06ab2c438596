import { describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';

describe('emulator smoke', () => {
  const emu = useEmulator();

  it('answers health, lists built-in keys and creates a group through the client', async () => {
    const client = emu().client();
    expect(await client.healthAll()).toEqual({ status: 'ok', dependencies: { storage: 'ok', feature_server: 'ok' } });
    const keys = await client.list('AttributeKey');
    expect(keys.definitions.map((d) => d.spec.name).sort()).toEqual(['domain_sessionid', 'domain_userid', 'network_userid', 'user_id']);
    const created = await client.upsert({
      kind: 'AttributeGroup',
      protect: false,
      spec: { name: 'g', version: 1, attribute_key: { name: 'domain_userid' }, online: true, offline: false, attributes: [{ name: 'n', type: 'int32', events: [], aggregation: 'counter' }], is_published: true },
    });
    expect(created.action).toBe('created');
    expect((await client.get('AttributeGroup', 'g'))?.spec.attributes?.[0]?.name).toBe('n');
  });
});
