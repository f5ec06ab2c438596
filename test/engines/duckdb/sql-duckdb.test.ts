/**
 * `signals sql --dialect duckdb` run in DuckDB over a table of the events gives the stream
 * engine's attribute values and segment members (events in event-time order).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Definition } from '../../../src/core/model.js';
import { compileDefinitions } from '../../../src/core/simulate/compile.js';
import { parseTimestamp } from '../../../src/core/simulate/time.js';
import { planEngine } from '../../../src/core/sql/engine-plan.js';
import { sqlString } from '../../../src/core/sql/duck-macros.js';
import { compileSql } from '../../../src/core/sql/index.js';
import { openDuckdb, type DuckSession } from '../../../src/io/duckdb/connection.js';
import { readEvents } from '../../../src/io/events/read-events.js';
import { hasSharedData, sharedDataFile } from '../../helpers/shared-data.js';
import { repoRoot } from '../../helpers/shared-data.js';
import { definitionsFromDir, definitionsFromYaml, runStream, tempDir } from './harness.js';

let session: DuckSession;
const tmp = tempDir();
beforeAll(async () => {
  session = await openDuckdb({ memoryLimit: '512MB', threads: 2 });
});
afterAll(async () => {
  await session.close();
  tmp.cleanup();
});

async function sortedNdjson(file: string, name: string): Promise<string> {
  const events: { ts: number; i: number; line: string }[] = [];
  let i = 0;
  for await (const { event } of readEvents([file], { cwd: tmp.dir })) events.push({ ts: parseTimestamp(event['derived_tstamp']) ?? 0, i: i++, line: JSON.stringify(event) });
  events.sort((a, b) => a.ts - b.ts || a.i - b.i);
  const out = path.join(tmp.dir, `${name}.ndjson`);
  writeFileSync(out, events.map((e) => e.line).join('\n') + '\n');
  return out;
}

/** Run the script; group rows and segment members from its SELECTs. */
async function runScript(definitions: readonly Definition[], file: string): Promise<{ rows: Map<string, Record<string, unknown>[]>; segments: Map<string, string[]> }> {
  const fields = planEngine(compileDefinitions(definitions), definitions).fields;
  await session.run(`CREATE OR REPLACE TABLE events AS SELECT * FROM read_json(${sqlString(file)}, format = 'newline_delimited', columns = {${fields.map((f) => `${sqlString(f)}: 'JSON'`).join(', ')}})`);
  const { sql } = compileSql(definitions, { dialect: 'duckdb', table: 'events' });
  const rows = new Map<string, Record<string, unknown>[]>();
  const segments = new Map<string, string[]>();
  for (const statement of sql.split(/;\n/).map((s) => s.replace(/^(\s*--[^\n]*\n)+/, '').trim()).filter((s) => s !== '' && !s.startsWith('--'))) {
    if (!statement.startsWith('SELECT')) {
      await session.run(statement);
      continue;
    }
    for (const row of await session.rows(statement)) {
      if ('segment' in row) segments.set(String(row['segment']), [...(segments.get(String(row['segment'])) ?? []), String(row['key'])]);
      else {
        const g = String(row['group']);
        const attrs: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(row)) if (k !== 'group' && k !== 'version' && k !== 'key') attrs[k] = v === null ? null : JSON.parse(String(v));
        rows.set(g, [...(rows.get(g) ?? []), { key: row['key'], attributes: attrs }]);
      }
    }
  }
  return { rows, segments };
}

async function expectSameAsStream(definitions: readonly Definition[], file: string): Promise<void> {
  const { result } = await runStream(definitions, [file], tmp.dir);
  const got = await runScript(definitions, file);
  for (const g of result.groups) expect(got.rows.get(g.name) ?? [], `group ${g.name}`).toEqual(g.rows);
  for (const s of result.segments) expect(got.segments.get(s.name) ?? [], `segment ${s.name}`).toEqual(s.members);
  expect(result.groups.some((g) => g.rows.length > 0)).toBe(true);
}

const SEGMENTED = `
kind: AttributeGroup
name: web
attribute_key: domain_userid
attributes:
  - { name: views, type: int32, aggregation: counter, events: [page_view] }
  - name: pricing
    type: int32
    aggregation: counter
    events: [page_view]
    criteria: { all: [{ property: page_url, operator: like, value: "%pricing%" }] }
  - { name: pages, type: string_list, aggregation: unique_list, events: [page_view], property: page_url }
  - { name: last_page, type: string, aggregation: last, events: [page_view], property: page_url }
  - { name: week, type: int32, aggregation: counter, events: [], period: P7D, default_value: 0 }
---
kind: Segment
name: pricing_fans
criteria: { all: [{ attribute: "web:pricing", operator: ">=", value: 2 }] }
---
kind: Segment
name: quiet
criteria: { any: [{ attribute: "web:week", operator: "=", value: 0 }, { attribute: "web:last_page", operator: "not like", value: "%snowplow.io%" }] }
`;

describe('signals sql --dialect duckdb equals the stream engine', () => {
  it.skipIf(!hasSharedData)('web-sample-events.csv.gz (sorted), with segments', async () => {
    await expectSameAsStream(await definitionsFromYaml(SEGMENTED), await sortedNdjson(sharedDataFile('web-sample-events.csv.gz'), 'web'));
  });

  it.skipIf(!hasSharedData)('ecommerce-events.csv (sorted)', async () => {
    const defs = await definitionsFromDir(path.join(repoRoot, 'templates', 'ecommerce', 'definitions'));
    await expectSameAsStream(defs, await sortedNdjson(sharedDataFile('ecommerce-events.csv'), 'ecommerce'));
  });

  it('the travel example and its segments', async () => {
    const defs = await definitionsFromDir(path.join(repoRoot, 'definitions'));
    await expectSameAsStream(defs, await sortedNdjson(path.join(repoRoot, 'examples', 'travel', 'events.ndjson'), 'travel'));
  });
});
