/**
 * With a memory limit far below the staged data, DuckDB spills to its temporary directory and
 * the report is still the stream engine's.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SIMULATE_REORDER_BUFFER } from '../../../src/app/simulate.js';
import { simulateWithDuckdb } from '../../../src/io/duckdb/simulate.js';
import { repoRoot } from '../../helpers/shared-data.js';
import { definitionsFromDir, firstDifference, runStream, tempDir } from './harness.js';

const built = existsSync(path.join(repoRoot, 'dist', 'cli', 'main.js'));

describe.skipIf(!built)('out of core', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('computes an event log larger than its 200 MB memory limit, in its own temporary directory', async () => {
    const file = path.join(tmp.dir, 'travel.ndjson');
    execFileSync(process.execPath, [path.join(repoRoot, 'bin', 'signals.js'), 'generate-events', '--template', 'travel', '--sessions', '25000', '--out', file], { stdio: 'pipe' });
    const definitions = await definitionsFromDir(path.join(repoRoot, 'definitions'));
    const stream = await runStream(definitions, [file], tmp.dir);
    const spill = path.join(tmp.dir, 'spill-root');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(spill);
    const duck = await simulateWithDuckdb({ definitions, inputs: [file], cwd: tmp.dir, reorderBuffer: SIMULATE_REORDER_BUFFER, memoryLimit: '200MB', threads: 1, tempDirectory: spill });
    expect(firstDifference(stream.result, duck.result)).toBeUndefined();
    expect(stream.result.groups[0]?.rows.length).toBeGreaterThan(10_000);
    expect(statSync(file).size).toBeGreaterThan(200 * 2 ** 20);
    // the private work directory is removed afterwards
    expect(readdirSync(spill)).toEqual([]);
  }, 120_000);
});
