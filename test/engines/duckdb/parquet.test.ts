/**
 * Parquet input (read by DuckDB, each row converted as the CSV export of the same table would be):
 * the report equals the stream engine's on that CSV.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqlString } from '../../../src/core/sql/duck-macros.js';
import { openDuckdb } from '../../../src/io/duckdb/connection.js';
import { hasSharedData, sharedDataFile } from '../../helpers/shared-data.js';
import { repoRoot } from '../../helpers/shared-data.js';
import { definitionsFromDir, firstDifference, runDuckdb, runStream, tempDir } from './harness.js';

describe.skipIf(!hasSharedData)('Parquet input', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('ecommerce-events.csv as Parquet gives the CSV report', async () => {
    const csv = sharedDataFile('ecommerce-events.csv');
    const parquet = path.join(tmp.dir, 'ecommerce.parquet');
    const session = await openDuckdb({ memoryLimit: '256MB', threads: 1 });
    try {
      await session.run(`COPY (SELECT * FROM read_csv(${sqlString(csv)}, all_varchar = true, header = true)) TO ${sqlString(parquet)} (FORMAT parquet)`);
    } finally {
      await session.close();
    }
    const definitions = await definitionsFromDir(path.join(repoRoot, 'templates', 'ecommerce', 'definitions'));
    const stream = await runStream(definitions, [csv], tmp.dir);
    const duck = await runDuckdb(definitions, [parquet], tmp.dir);
    expect(firstDifference(stream.result, duck.result)).toBeUndefined();
    expect(duck.input.events_read).toBe(stream.eventsRead);
    expect(duck.engine.inputs).toEqual([{ file: parquet, reader: 'converted' }]);
    expect(stream.result.stats.used).toBeGreaterThan(0);
  });
});
