import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The public Snowplow event logs used as test fixtures. They are read in place from the shared
 * data folder beside the repository (or SIGNALS_TEST_DATA), never copied into it.
 */
export const sharedDataDir: string | undefined = (() => {
  const candidates = [process.env['SIGNALS_TEST_DATA'], path.resolve(repoRoot, '..', 'shared', 'data')];
  for (const dir of candidates) if (dir && existsSync(path.join(dir, 'README.md'))) return dir;
  return undefined;
})();

export function sharedDataFile(name: string): string {
  if (!sharedDataDir) throw new Error('shared test data not found (set SIGNALS_TEST_DATA)');
  return path.join(sharedDataDir, name);
}

/** Whether the shared data is present. Tests that need it use `describe.skipIf(!hasSharedData)`. */
export const hasSharedData = sharedDataDir !== undefined;
