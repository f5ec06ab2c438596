import { describe, expect, it } from 'vitest';
import { Output } from '../../src/cli/render/output.js';
import { plainStyle } from '../../src/cli/render/plain-style.js';
import { MemoryStream } from '../helpers/memory-streams.js';

function output(options: { json?: boolean; quiet?: boolean; tty?: boolean; columns?: number } = {}) {
  const stdout = new MemoryStream();
  const stderr = new MemoryStream();
  Object.assign(stderr, { isTTY: options.tty ?? false, columns: options.columns });
  const out = new Output({ stdout, stderr, color: false, json: options.json ?? false, quiet: options.quiet ?? false, verbose: false, stderrIsTTY: options.tty ?? false });
  return { out, stdout, stderr };
}

describe('Output', () => {
  it('keeps results on stdout and progress on stderr', async () => {
    const { out, stdout, stderr } = output();
    out.result('the result');
    const p = await out.progress('working');
    p.succeed('done');
    expect(stdout.text).toBe('the result\n');
    expect(stderr.text).toBe('working\ndone\n');
  });

  it('prints nothing but the document on stdout in --json mode, and only one', () => {
    const { out, stdout, stderr } = output({ json: true });
    out.result('hidden');
    out.info('a note for stderr');
    out.document({ schema_version: 1 });
    expect(JSON.parse(stdout.text)).toEqual({ schema_version: 1 });
    expect(stderr.text).toBe('a note for stderr\n');
    expect(() => out.document({})).toThrow();
  });

  it('hides progress and warnings with --quiet but never errors', async () => {
    const { out, stderr } = output({ quiet: true });
    out.info('note');
    out.warn('careful');
    (await out.progress('working')).fail('it failed');
    out.error('boom');
    expect(stderr.text).toBe('it failed\nboom\n');
  });

  it('draws no spinner on a terminal that reports no width', async () => {
    const { out, stderr } = output({ tty: true, columns: 0 });
    expect(out.spinners).toBe(false);
    (await out.progress('working')).succeed('done');
    expect(stderr.text).toBe('working\ndone\n');
  });

  it('draws a spinner on a real terminal', () => {
    expect(output({ tty: true, columns: 80 }).out.spinners).toBe(true);
  });

  it('redacts registered secrets everywhere', () => {
    const { out, stdout, stderr } = output();
    out.addSecret('tok-123456');
    out.result('token tok-123456');
    out.error('bad tok-123456');
    expect(stdout.text + stderr.text).not.toContain('tok-123456');
  });
});

describe('plainStyle', () => {
  it('returns text unchanged, chained or not', () => {
    expect(plainStyle.red('a')).toBe('a');
    expect(plainStyle.red.bold('a', 'b')).toBe('a b');
    expect(plainStyle.dim(`x${plainStyle.green('y')}`)).toBe('xy');
    expect(plainStyle.level).toBe(0);
  });
});
