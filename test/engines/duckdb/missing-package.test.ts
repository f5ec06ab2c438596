/**
 * Without the optional package, --engine duckdb is a usage error (exit 4) that names the fix.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.doUnmock('@duckdb/node-api');
  vi.resetModules();
});

describe('@duckdb/node-api missing', () => {
  it('loadDuckdb throws a usage error with the install command', async () => {
    vi.resetModules();
    vi.doMock('@duckdb/node-api', () => {
      throw Object.assign(new Error("Cannot find package '@duckdb/node-api'"), { code: 'ERR_MODULE_NOT_FOUND' });
    });
    const { loadDuckdb } = await import('../../../src/io/duckdb/connection.js');
    const { ExitCode, isCliError } = await import('../../../src/errors.js');
    const error = await loadDuckdb().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isCliError(error)).toBe(true);
    expect((error as { exitCode: number }).exitCode).toBe(ExitCode.Usage);
    expect(String((error as Error).message)).toContain('@duckdb/node-api');
    expect(String((error as { hint?: string }).hint)).toContain('npm install @duckdb/node-api');
    expect(JSON.stringify(error)).not.toContain('    at ');
  });
});
