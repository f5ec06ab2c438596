/**
 * DuckDB macros that reproduce, over JSON values, the coercions of the stream engine
 * (src/core/simulate/values.ts and operators.ts). Every value in the generated SQL is a DuckDB
 * `JSON` value (or SQL NULL for "no value"), so that a string, a number and a boolean stay as
 * distinct as they are in JavaScript.
 *
 * - `sig_num(j)`: `toNumber` — numbers, and strings that JavaScript's `Number()` reads as a finite
 *   number (decimal forms, `0x`/`0o`/`0b` integers, surrounding white space);
 * - `sig_numstr(x)`: `String(x)` for a finite double, digit for digit (shortest round-trip digits,
 *   JavaScript's choice between fixed and exponential notation);
 * - `sig_text(j)`: the text LIKE and string comparisons see (`likeText`);
 * - `sig_bool(j)`: `toBool`; `sig_key(j)`: `keyIdOf`; `sig_vk(j)`: `valueKey` (distinctness);
 * - `sig_atom(j)`: an atomic field (`""` is null); `sig_nn(j)`: JSON null → SQL NULL.
 */

/** JavaScript's white space and line terminators (what `trim()` and `Number()` skip). */
const JS_SPACE = '[\\t\\n\\x0B\\f\\r \\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}]';

export const DUCKDB_MACROS: readonly string[] = [
  `CREATE OR REPLACE TEMP MACRO sig_nn(j) AS CASE WHEN CAST(j AS VARCHAR) = 'null' THEN NULL ELSE j END`,
  `CREATE OR REPLACE TEMP MACRO sig_isnum(j) AS coalesce(json_type(j) IN ('BIGINT', 'UBIGINT', 'DOUBLE'), false)`,
  `CREATE OR REPLACE TEMP MACRO sig_s(j) AS CASE WHEN starts_with(CAST(j AS VARCHAR), '"') THEN json_extract_string(j, '$') END`,
  `CREATE OR REPLACE TEMP MACRO sig_atom(j) AS CASE WHEN CAST(j AS VARCHAR) IN ('null', '""') THEN NULL ELSE j END`,
  `CREATE OR REPLACE TEMP MACRO sig_trim(s) AS regexp_replace(s, '^${JS_SPACE}+|${JS_SPACE}+$', '', 'g')`,
  `CREATE OR REPLACE TEMP MACRO sig_dec(t) AS CASE WHEN regexp_full_match(t, '[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?') AND isfinite(TRY_CAST(t AS DOUBLE)) THEN TRY_CAST(t AS DOUBLE) WHEN regexp_full_match(t, '0[xX][0-9a-fA-F]{1,16}|0[bB][01]{1,64}') THEN CAST(TRY_CAST(lower(t) AS UBIGINT) AS DOUBLE) END`,
  `CREATE OR REPLACE TEMP MACRO sig_strnum(s) AS sig_dec(sig_trim(s))`,
  /** Strings JavaScript reads as numbers that sig_strnum does not (octal, over-long hex or binary): a guard. */
  `CREATE OR REPLACE TEMP MACRO sig_badnum(j) AS coalesce(json_type(j) = 'VARCHAR' AND regexp_full_match(sig_trim(json_extract_string(j, '$')), '0[xX][0-9a-fA-F]{17,}|0[oO][0-7]+|0[bB][01]{65,}'), false)`,
  `CREATE OR REPLACE TEMP MACRO sig_num(j) AS CASE WHEN sig_isnum(j) THEN CASE WHEN isfinite(CAST(j AS DOUBLE)) THEN CAST(j AS DOUBLE) END WHEN json_type(j) = 'VARCHAR' THEN sig_strnum(json_extract_string(j, '$')) END`,
  // String(x): shortest digits that read back as x, then JavaScript's layout of digits and exponent
  `CREATE OR REPLACE TEMP MACRO sig_sci(x, p) AS printf('%.' || (p - 1) || 'e', abs(x))`,
  `CREATE OR REPLACE TEMP MACRO sig_prec(x) AS list_filter(range(1, 18), p -> CAST(printf('%.' || (p - 1) || 'e', x) AS DOUBLE) = x)[1]`,
  `CREATE OR REPLACE TEMP MACRO sig_lay(neg, d, n) AS (CASE WHEN neg THEN '-' ELSE '' END) || CASE
     WHEN length(d) <= n AND n <= 21 THEN d || repeat('0', n - length(d))
     WHEN 0 < n AND n <= 21 THEN substr(d, 1, n) || '.' || substr(d, n + 1)
     WHEN -6 < n AND n <= 0 THEN '0.' || repeat('0', -n) || d
     ELSE substr(d, 1, 1) || (CASE WHEN length(d) > 1 THEN '.' || substr(d, 2) ELSE '' END) || 'e' || (CASE WHEN n - 1 >= 0 THEN '+' ELSE '-' END) || CAST(abs(n - 1) AS VARCHAR)
   END`,
  `CREATE OR REPLACE TEMP MACRO sig_fmt(x, m) AS sig_lay(x < 0, replace(split_part(m, 'e', 1), '.', ''), CAST(split_part(m, 'e', 2) AS INTEGER) + 1)`,
  `CREATE OR REPLACE TEMP MACRO sig_numstr(x) AS CASE
     WHEN x = 0 THEN '0'
     WHEN isinf(x) THEN CASE WHEN x > 0 THEN 'Infinity' ELSE '-Infinity' END
     WHEN x = trunc(x) AND abs(x) < 9007199254740992 THEN CAST(CAST(x AS BIGINT) AS VARCHAR)
     ELSE sig_fmt(x, sig_sci(x, sig_prec(x)))
   END`,
  `CREATE OR REPLACE TEMP MACRO sig_text(j) AS CASE json_type(j)
     WHEN 'VARCHAR' THEN json_extract_string(j, '$')
     WHEN 'BOOLEAN' THEN CASE WHEN CAST(j AS BOOLEAN) THEN 'true' ELSE 'false' END
     WHEN 'BIGINT' THEN sig_numstr(CAST(j AS DOUBLE))
     WHEN 'UBIGINT' THEN sig_numstr(CAST(j AS DOUBLE))
     WHEN 'DOUBLE' THEN sig_numstr(CAST(j AS DOUBLE))
   END`,
  `CREATE OR REPLACE TEMP MACRO sig_bool(j) AS CASE json_type(j)
     WHEN 'BOOLEAN' THEN CAST(j AS BOOLEAN)
     WHEN 'VARCHAR' THEN CASE WHEN json_extract_string(j, '$') IN ('1', 'true', 'TRUE', 'True') THEN true WHEN json_extract_string(j, '$') IN ('0', 'false', 'FALSE', 'False') THEN false END
     ELSE CASE WHEN sig_isnum(j) THEN CASE WHEN CAST(j AS DOUBLE) = 1 THEN true WHEN CAST(j AS DOUBLE) = 0 THEN false END END
   END`,
  `CREATE OR REPLACE TEMP MACRO sig_key(j) AS CASE json_type(j)
     WHEN 'VARCHAR' THEN nullif(json_extract_string(j, '$'), '')
     WHEN 'BOOLEAN' THEN CASE WHEN CAST(j AS BOOLEAN) THEN 'true' ELSE 'false' END
     ELSE CASE WHEN sig_isnum(j) AND isfinite(CAST(j AS DOUBLE)) THEN sig_numstr(CAST(j AS DOUBLE)) END
   END`,
  `CREATE OR REPLACE TEMP MACRO sig_vk(j) AS CASE json_type(j)
     WHEN 'VARCHAR' THEN 's' || json_extract_string(j, '$')
     WHEN 'BOOLEAN' THEN CASE WHEN CAST(j AS BOOLEAN) THEN 'bt' ELSE 'bf' END
     WHEN 'NULL' THEN NULL
     ELSE CASE WHEN sig_isnum(j) THEN 'n' || CASE WHEN CAST(j AS DOUBLE) = 0 THEN '0' ELSE CAST(CAST(j AS DOUBLE) AS VARCHAR) END ELSE 'j' || CAST(j AS VARCHAR) END
   END`,
  `CREATE OR REPLACE TEMP MACRO sig_scalar(j) AS coalesce(json_type(j) IN ('VARCHAR', 'BOOLEAN', 'BIGINT', 'UBIGINT', 'DOUBLE'), false)`,
];

/** A SQL string literal. */
export function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** A SQL DOUBLE literal for a finite JS number (exact: shortest round-trip text). */
export function sqlNumber(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
  return `CAST(${sqlString(String(n))} AS DOUBLE)`;
}

/** A quoted SQL identifier. */
export function sqlIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
