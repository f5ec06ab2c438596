import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { startTestEmulator } from '../helpers/emulator.js';
import { group, intervention, rawClient, service } from './http.js';

let dir: string;
let dataFile: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'signals-emulator-'));
  dataFile = path.join(dir, 'state.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('--data persistence', () => {
  it('keeps the registry and attribute values across a restart', async () => {
    const first = await startTestEmulator({ dataFile });
    const call = rawClient(first.url);
    await call('POST', '/api/v1/registry/attribute_keys/', { name: 'acct', description: 'Account' });
    await call('POST', '/api/v1/registry/attribute_groups/', group('sessions', 1, { is_published: true }));
    await call('POST', '/api/v1/registry/services/', service('web', [{ name: 'sessions', version: 1 }]));
    await call('POST', '/api/v1/registry/interventions/', intervention('nudge'));
    first.store.set({ name: 'sessions', version: 1 }, 's1', 'page_views', 4);
    const before = (await call('GET', '/api/v1/registry/attribute_groups/')).body;
    await first.close();

    const second = await startTestEmulator({ dataFile });
    try {
      const again = rawClient(second.url);
      expect((await again('GET', '/api/v1/registry/attribute_groups/')).body).toEqual(before);
      expect((await again('GET', '/api/v1/registry/attribute_keys/acct')).body.description).toBe('Account');
      expect((await again('GET', '/api/v1/registry/services/web')).status).toBe(200);
      expect((await again('GET', '/api/v1/registry/interventions/nudge')).status).toBe(200);
      expect((await again('GET', '/api/v1/registry/attribute_keys/')).body).toHaveLength(5);
      const values = await again('POST', '/api/v1/get-online-attributes', { service: 'web', attribute_keys: { domain_sessionid: ['s1'] } });
      expect(values.body.page_views).toEqual([4]);
    } finally {
      await second.close();
    }
  });

  it('has the change on disk when the response arrives, with no temporary files left', async () => {
    const emu = await startTestEmulator({ dataFile });
    try {
      await rawClient(emu.url)('POST', '/api/v1/registry/attribute_keys/', { name: 'acct' });
      const doc = JSON.parse(await readFile(dataFile, 'utf8'));
      expect(doc.schema_version).toBe(1);
      expect(doc.attribute_keys).toEqual([{ name: 'acct', is_published: false }]);
      expect(await readdir(dir)).toEqual(['state.json']);
    } finally {
      await emu.close();
    }
  });

  it('loses no update when many clients write at once, and the file stays valid throughout', async () => {
    const emu = await startTestEmulator({ dataFile });
    const call = rawClient(emu.url);
    try {
      await call('POST', '/api/v1/registry/attribute_groups/', group('sessions'));
      const writes = Array.from({ length: 60 }, (_, i) =>
        i % 2 === 0
          ? call('POST', '/api/v1/registry/attribute_keys/', { name: `key_${i}` })
          : call('POST', '/api/v1/registry/services/', service(`svc_${i}`, [{ name: 'sessions', version: 1 }])),
      );
      const snapshots: string[] = [];
      const reader = (async () => {
        for (let i = 0; i < 20; i++) snapshots.push(await readFile(dataFile, 'utf8'));
      })();
      const results = await Promise.all(writes);
      await reader;
      expect(results.every((r) => r.status === 200)).toBe(true);
      for (const text of snapshots) expect(() => JSON.parse(text)).not.toThrow();
      const doc = JSON.parse(await readFile(dataFile, 'utf8'));
      expect(doc.attribute_keys).toHaveLength(30);
      expect(doc.services).toHaveLength(30);
    } finally {
      await emu.close();
    }
  });

  it('serialises concurrent updates of one object so the last write wins whole', async () => {
    const emu = await startTestEmulator({ dataFile });
    const call = rawClient(emu.url);
    try {
      await call('POST', '/api/v1/registry/attribute_keys/', { name: 'acct' });
      await Promise.all(Array.from({ length: 20 }, (_, i) => call('PUT', '/api/v1/registry/attribute_keys/acct', { name: 'acct', description: `d${i}`, owner: `o${i}` })));
      const key = (await call('GET', '/api/v1/registry/attribute_keys/acct')).body;
      expect(key.owner).toBe(key.description.replace('d', 'o'));
      const stored = JSON.parse(await readFile(dataFile, 'utf8')).attribute_keys[0];
      expect(stored.description).toBe(key.description);
    } finally {
      await emu.close();
    }
  });

  it('refuses a data file that is not valid state, naming the file', async () => {
    await writeFile(dataFile, '{"schema_version": 1, "attribute_groups": [{"name": "g"}]}');
    await expect(startTestEmulator({ dataFile })).rejects.toThrow(UsageError);
    await expect(startTestEmulator({ dataFile })).rejects.toThrow(/state in .*state\.json is invalid: attribute_groups\.0\.attribute_key: Field required/);
    await writeFile(dataFile, '{ torn');
    await expect(startTestEmulator({ dataFile })).rejects.toThrow(/cannot read the emulator state/);
    await writeFile(dataFile, '{"schema_version": 7}');
    await expect(startTestEmulator({ dataFile })).rejects.toThrow(/not an emulator state file/);
  });

  it('starts empty from a missing or empty file', async () => {
    await writeFile(dataFile, '');
    const emu = await startTestEmulator({ dataFile });
    try {
      expect((await rawClient(emu.url)('GET', '/api/v1/registry/services/')).body).toEqual([]);
    } finally {
      await emu.close();
    }
  });
});
