/**
 * The SQL macros against the JavaScript functions they reproduce, value by value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyIdOf } from '../../../src/core/simulate/extract.js';
import { likeText } from '../../../src/core/simulate/operators.js';
import { toBool, toNumber, valueKey } from '../../../src/core/simulate/values.js';
import { openDuckdb, type DuckSession } from '../../../src/io/duckdb/connection.js';
import { sqlString } from '../../../src/core/sql/duck-macros.js';

let session: DuckSession;
beforeAll(async () => {
  session = await openDuckdb({ memoryLimit: '256MB', threads: 1 });
});
afterAll(async () => {
  await session.close();
});

/** Evaluate `expr(j)` over JSON texts in DuckDB. */
async function evalJson(texts: readonly string[], expr: (j: string) => string): Promise<unknown[]> {
  const values = texts.map((t, i) => `(${i}, ${sqlString(t)})`).join(', ');
  const rows = await session.rows(`SELECT i, CAST(to_json(${expr('CAST(t AS JSON)')}) AS VARCHAR) AS r FROM (VALUES ${values}) v(i, t) ORDER BY i`);
  return rows.map((r) => (r['r'] === null ? null : JSON.parse(String(r['r']))));
}

function randomDoubles(n: number): number[] {
  const out: number[] = [];
  const buf = new Float64Array(1);
  const bits = new Uint32Array(buf.buffer);
  let seed = 7;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  while (out.length < n) {
    const kind = out.length % 4;
    if (kind === 0) {
      bits[0] = next();
      bits[1] = next();
      if (Number.isFinite(buf[0])) out.push(buf[0] as number);
    } else if (kind === 1) out.push((next() % 100000) / 10 ** (next() % 12));
    else if (kind === 2) out.push((next() % 1000000) * 10 ** (next() % 30));
    else out.push(-(next() % 1000) * 10 ** -(next() % 10));
  }
  return out;
}

describe('duckdb macros reproduce the stream engine coercions', () => {
  it('sig_numstr prints doubles exactly as String(x)', async () => {
    const xs = [...randomDoubles(3000), 0, -0, 1e21, 1e-7, 123e-20, 5e-324, 1.7976931348623157e308, 2 ** 53, 2 ** 53 + 2, 12345678901234567890, 100, 0.000001, -1.5];
    const texts = xs.map((x) => JSON.stringify(x));
    const got = await evalJson(texts, (j) => `sig_numstr(CAST(${j} AS DOUBLE))`);
    const wrong = xs.filter((x, i) => got[i] !== String(x));
    expect(wrong.slice(0, 5).map((x) => [x, got[xs.indexOf(x)]])).toEqual([]);
  });

  it('sig_num reads strings as Number() does, keeping only finite numbers', async () => {
    const inputs: unknown[] = ['12', ' 12 ', '\u00a07\u2028', '1e3', '1E-2', '.5', '5.', '+3', '-0', '0x1F', '0X1f', '0b101', '1_000', 'abc', '', '  ', 'Infinity', '-Infinity', 'NaN', '1e400', '007', '1.2.3', '0x', '12px', 3, 2.5, true, false, null, [], {}, '\t9\n'];
    const got = await evalJson(inputs.map((v) => JSON.stringify(v)), (j) => `sig_num(${j})`);
    expect(got).toEqual(inputs.map((v) => toNumber(v) ?? null));
  });

  it('sig_text, sig_bool, sig_key and sig_vk match likeText, toBool, keyIdOf and valueKey', async () => {
    const inputs: unknown[] = ['x', '', 'true', 'TRUE', '0', '1', 1, 0, 1.5, -0, true, false, 1e21, 123456789012345680000, [1], { a: 1 }, null];
    const texts = inputs.map((v) => JSON.stringify(v));
    expect(await evalJson(texts, (j) => `sig_text(${j})`)).toEqual(inputs.map((v) => likeText(v) ?? null));
    expect(await evalJson(texts, (j) => `sig_bool(${j})`)).toEqual(inputs.map((v) => toBool(v) ?? null));
    expect(await evalJson(texts, (j) => `sig_key(${j})`)).toEqual(inputs.map((v) => keyIdOf(v) ?? null));
    // valueKey identity: equal keys in SQL exactly when equal in JS (scalars)
    const scalars = inputs.filter((v) => v !== null && typeof v !== 'object');
    const sqlKeys = await evalJson(scalars.map((v) => JSON.stringify(v)), (j) => `sig_vk(${j})`);
    for (let a = 0; a < scalars.length; a++) {
      for (let b = 0; b < scalars.length; b++) {
        expect(sqlKeys[a] === sqlKeys[b], `${JSON.stringify(scalars[a])} vs ${JSON.stringify(scalars[b])}`).toBe(valueKey(scalars[a]) === valueKey(scalars[b]));
      }
    }
  });

  it('sig_badnum flags the numeric strings the SQL does not read (octal, very long hex)', async () => {
    const got = await evalJson(['"0o17"', '"0x1F"', '"0x11112222333344445"', '"12"', '5'].map((s) => s), (j) => `sig_badnum(${j})`);
    expect(got).toEqual([true, false, true, false, false]);
  });
});
