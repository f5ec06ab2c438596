import { describe, expect, it } from 'vitest';
import { reportError } from '../../src/cli/run-action.js';
import { RemoteError, UsageError } from '../../src/errors.js';
import { createTestContext } from '../helpers/memory-streams.js';

describe('reportError', () => {
  it('keeps the exit code of an expected error and prints message and hint on stderr', () => {
    const { ctx, stdout, stderr } = createTestContext({ cwd: '/' });
    const code = reportError(ctx, new UsageError('missing-credentials', 'no credentials for target prod', { hint: 'set SIGNALS_SANDBOX_TOKEN' }));
    expect(code).toBe(4);
    expect(stdout.text).toBe('');
    expect(stderr.text).toContain('error no credentials for target prod');
    expect(stderr.text).toContain('hint: set SIGNALS_SANDBOX_TOKEN');
  });

  it('prints one JSON document on stdout in --json mode', () => {
    const { ctx, stdout } = createTestContext({ cwd: '/', globals: { json: true } });
    const code = reportError(ctx, new RemoteError('api-error', 'Signals answered 500', { status: 500 }));
    expect(code).toBe(3);
    const doc = JSON.parse(stdout.text) as { schema_version: number; ok: boolean; error: { code: string; exit_code: number } };
    expect(doc).toMatchObject({ schema_version: 1, ok: false, error: { code: 'api-error', exit_code: 3 } });
  });

  it('treats anything else as a bug: exit 70, no stack without --verbose', () => {
    const { ctx, stderr } = createTestContext({ cwd: '/' });
    const code = reportError(ctx, new TypeError('cannot read properties of undefined'));
    expect(code).toBe(70);
    expect(stderr.text).toContain('internal error cannot read properties of undefined');
    expect(stderr.text).toContain('This is a bug');
    expect(stderr.text).not.toMatch(/\n\s+at /);
  });

  it('shows the stack of a bug with --verbose', () => {
    const { ctx, stderr } = createTestContext({ cwd: '/', globals: { verbose: true } });
    reportError(ctx, new Error('boom'));
    expect(stderr.text).toMatch(/\n\s+at /);
  });

  it('never prints a registered secret', () => {
    const { ctx, stderr } = createTestContext({ cwd: '/' });
    ctx.out.addSecret('s3cr3t-token-value');
    reportError(ctx, new RemoteError('api-error', 'rejected token s3cr3t-token-value'));
    expect(stderr.text).not.toContain('s3cr3t-token-value');
    expect(stderr.text).toContain('[redacted]');
  });
});
