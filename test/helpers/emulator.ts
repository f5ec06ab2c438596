/**
 * A Signals API emulator for integration tests: in-process, on 127.0.0.1 with a free port.
 *
 *   const emu = await startTestEmulator();
 *   ... run the CLI with { env: { ...process.env, ...emu.env } } or use emu.client() ...
 *   await emu.close();
 *
 * or, inside a describe block, `const emu = useEmulator();` and then `emu().url` in tests.
 */
import { afterAll, beforeAll } from 'vitest';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { SignalsClient, type AuthConfig, type SignalsClientOptions } from '../../src/io/signals-client.js';

export const TEST_SANDBOX_TOKEN = 'test-sandbox-token';
export const TEST_BDP = { orgId: 'org-test', apiKeyId: 'test-key-id', apiKey: 'test-api-key-secret' } as const;

export interface TestEmulator extends RunningEmulator {
  /** Environment for `signals` with sandbox auth against this emulator. */
  env: Record<string, string>;
  /** Environment for `signals` with bdp auth (token exchange at this emulator). */
  bdpEnv: Record<string, string>;
  /** A client with sandbox auth (or the given auth) and fast retries. */
  client(options?: Partial<Omit<SignalsClientOptions, 'apiUrl'>> & { auth?: AuthConfig }): SignalsClient;
}

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = await startEmulator({ port: 0, ...options });
  return {
    ...emulator,
    close: () => emulator.close(),
    env: { SIGNALS_API_URL: emulator.url, SIGNALS_SANDBOX_TOKEN: options.token ?? TEST_SANDBOX_TOKEN },
    bdpEnv: {
      SIGNALS_API_URL: emulator.url,
      SIGNALS_CONSOLE_URL: emulator.url,
      SIGNALS_ORG_ID: TEST_BDP.orgId,
      SIGNALS_API_KEY_ID: options.apiKeyId ?? TEST_BDP.apiKeyId,
      SIGNALS_API_KEY: options.apiKey ?? TEST_BDP.apiKey,
    },
    client: (clientOptions = {}) =>
      new SignalsClient({
        version: 'test',
        auth: { mode: 'sandbox', token: options.token ?? TEST_SANDBOX_TOKEN },
        backoff: { baseMs: 5, maxMs: 40 },
        ...clientOptions,
        apiUrl: emulator.url,
      }),
  };
}

/** Starts an emulator before the tests of the enclosing describe block and stops it after. */
export function useEmulator(options: EmulatorOptions = {}): () => TestEmulator {
  let emulator: TestEmulator | undefined;
  beforeAll(async () => {
    emulator = await startTestEmulator(options);
  });
  afterAll(async () => {
    await emulator?.close();
  });
  return () => {
    if (!emulator) throw new Error('the emulator starts in beforeAll; use it inside tests');
    return emulator;
  };
}
