import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { confirm, isYes, readLine } from '../../src/cli/prompt.js';
import { createTestContext } from '../helpers/memory-streams.js';

describe('the confirmation prompt', () => {
  it('accepts only y or yes', () => {
    for (const a of ['y', 'Y', 'yes', ' YES ']) expect(isYes(a), a).toBe(true);
    for (const a of ['', 'n', 'no', 'yep', undefined]) expect(isYes(a), String(a)).toBe(false);
  });

  it('reads one line, and end of input is no', async () => {
    expect(await readLine(Readable.from(['yes\nmore\n']))).toBe('yes');
    expect(await readLine(Readable.from([]))).toBeUndefined();
  });

  it('asks on stderr and never writes to stdout', async () => {
    const { ctx, stdout, stderr } = createTestContext({ cwd: '/', stdin: 'y\n', interactive: true });
    expect(await confirm(ctx, 'Apply 2 changes to target prod?')).toBe(true);
    expect(stderr.text).toContain('Apply 2 changes to target prod? [y/N]');
    expect(stdout.text).toBe('');
  });

  it('stops waiting when interrupted', async () => {
    const controller = new AbortController();
    const never = new Readable({ read() {} });
    const pending = readLine(never, controller.signal);
    controller.abort();
    expect(await pending).toBeUndefined();
  });
});
