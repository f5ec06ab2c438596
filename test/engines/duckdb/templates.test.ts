/**
 * Every template's definitions over its generated events (`signals generate-events --template X
 * --sessions 50`, from the built binary) and over the events of its golden tests: the DuckDB
 * engine's report equals the stream engine's.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCaseEvents } from '../../../src/core/golden/events.js';
import { parseGoldenFile } from '../../../src/core/golden/parse.js';
import { parseTimestamp } from '../../../src/core/simulate/time.js';
import { repoRoot } from '../../helpers/shared-data.js';
import { compareEngines, definitionsFromDir, tempDir } from './harness.js';

const TEMPLATES = ['travel', 'ecommerce', 'media', 'quickstart'];
const bin = path.join(repoRoot, 'bin', 'signals.js');
const built = existsSync(path.join(repoRoot, 'dist', 'cli', 'main.js'));

describe.skipIf(!built)('duckdb engine equals the stream engine on every template', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  for (const template of TEMPLATES) {
    it(`${template}: 50 generated sessions`, async () => {
      const file = path.join(tmp.dir, `${template}.ndjson`);
      execFileSync(process.execPath, [bin, 'generate-events', '--template', template, '--sessions', '50', '--out', file], { stdio: 'pipe' });
      const definitions = await definitionsFromDir(path.join(repoRoot, 'templates', template, 'definitions'));
      const { difference, stream, duckdb } = await compareEngines(definitions, [file], tmp.dir);
      expect(difference).toBeUndefined();
      expect(stream.result.groups.some((g) => g.rows.length > 0)).toBe(true);
      expect(duckdb.engine.inputs[0]?.reader).toBe('duckdb');
    });

    it(`${template}: 50 generated sessions as enriched TSV (converted by the readers)`, async () => {
      const file = path.join(tmp.dir, `${template}.tsv`);
      execFileSync(process.execPath, [bin, 'generate-events', '--template', template, '--sessions', '50', '--format', 'tsv', '--out', file], { stdio: 'pipe' });
      const definitions = await definitionsFromDir(path.join(repoRoot, 'templates', template, 'definitions'));
      const { difference, duckdb } = await compareEngines(definitions, [file], tmp.dir);
      expect(difference).toBeUndefined();
      expect(duckdb.engine.inputs[0]?.reader).toBe('converted');
    });

    const testsDir = path.join(repoRoot, 'templates', template, 'tests');
    const goldenFiles = existsSync(testsDir) ? readdirSync(testsDir).filter((f) => f.endsWith('.test.yaml')) : [];
    for (const golden of goldenFiles) {
      it(`${template}: golden cases of ${golden}`, async () => {
        const parsed = parseGoldenFile(readFileSync(path.join(testsDir, golden), 'utf8'), golden);
        const definitions = await definitionsFromDir(path.join(repoRoot, 'templates', template, 'definitions'));
        expect(parsed.file.cases.length).toBeGreaterThan(0);
        for (const [i, c] of parsed.file.cases.entries()) {
          const built = buildCaseEvents(c, i);
          const file = path.join(tmp.dir, `${template}-${i}.ndjson`);
          writeFileSync(file, built.events.map((e) => JSON.stringify(e)).join('\n') + '\n');
          const now = c.now === undefined ? undefined : parseTimestamp(c.now);
          const { difference } = await compareEngines(definitions, [file], tmp.dir, now === undefined ? {} : { now });
          expect(difference, `case ${c.name}`).toBeUndefined();
        }
      });
    }
  }
});
