/**
 * Golden SQL per dialect (test/fixtures/sql/<dialect>.sql). Regenerate after an intended change
 * with SIGNALS_UPDATE_GOLDEN=1 and review the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSql, type SqlDialect } from '../../../src/core/sql/index.js';
import { repoRoot } from '../../helpers/shared-data.js';
import { definitionsFromYaml } from './harness.js';

const dir = path.join(repoRoot, 'test', 'fixtures', 'sql');
const DIALECTS: SqlDialect[] = ['duckdb', 'snowflake', 'bigquery', 'databricks'];

/** Parentheses and quotes balance outside string literals and comments. */
function balanced(sql: string): boolean {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (quote) {
      if (c === quote) {
        if (sql[i + 1] === quote) i++;
        else quote = undefined;
      }
      continue;
    }
    if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl;
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return false;
  }
  return depth === 0 && quote === undefined;
}

describe('signals sql golden files', () => {
  for (const dialect of DIALECTS) {
    it(dialect, async () => {
      const definitions = await definitionsFromYaml(readFileSync(path.join(dir, 'definitions.yaml'), 'utf8'));
      const { sql } = compileSql(definitions, {
        dialect,
        table: 'atomic.events',
        now: Date.UTC(2025, 4, 1),
        ...(dialect === 'bigquery' ? { columnVersions: new Map([['com.snowplowanalytics.snowplow.ecommerce/product', ['1-0-0', '1-0-1']]]) } : {}),
      });
      const file = path.join(dir, `${dialect}.sql`);
      if (process.env['SIGNALS_UPDATE_GOLDEN'] === '1' || !existsSync(file)) writeFileSync(file, sql);
      expect(sql).toBe(readFileSync(file, 'utf8'));
      expect(balanced(sql)).toBe(true);
      expect(sql).not.toMatch(/undefined|NaN|\[object/);
    });
  }

  it('follows each warehouse layout for the same entity property', async () => {
    const definitions = await definitionsFromYaml(readFileSync(path.join(dir, 'definitions.yaml'), 'utf8'));
    const sql = (dialect: SqlDialect) => compileSql(definitions, { dialect, table: 't', now: 0 }).sql;
    expect(sql('snowflake')).toContain('contexts_nl_basjes_yauaa_context_1[0]:"deviceClass"');
    expect(sql('bigquery')).toContain('`contexts_nl_basjes_yauaa_context_1`[SAFE_OFFSET(0)].device_class');
    expect(sql('databricks')).toContain('`contexts_nl_basjes_yauaa_context_1`[0].device_class');
    expect(compileSql(definitions, { dialect: 'bigquery', table: 't', now: 0, columnVersions: new Map([['com.snowplowanalytics.snowplow.ecommerce/product', ['1-0-0', '1-0-1']]]) }).sql).toContain(
      'COALESCE(`contexts_com_snowplowanalytics_snowplow_ecommerce_product_1_0_1`[SAFE_OFFSET(0)].price, `contexts_com_snowplowanalytics_snowplow_ecommerce_product_1_0_0`[SAFE_OFFSET(0)].price)',
    );
  });

  it('--group narrows the output to one group', async () => {
    const definitions = await definitionsFromYaml(readFileSync(path.join(dir, 'definitions.yaml'), 'utf8'));
    const script = compileSql(definitions, { dialect: 'snowflake', table: 't', group: 'by_store' });
    expect(script.groups).toEqual([{ name: 'by_store', version: 1 }]);
    expect(script.sql).not.toContain('group shop@1');
  });
});
