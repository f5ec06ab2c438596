import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/shared-data.js';

/** Source files that emit definition diagnostics. */
const SOURCES = ['src/core/definitions', 'src/core/validate', 'src/io/definitions.ts', 'src/app/load-definitions.ts'];
/** Test folders that exercise them. */
const TESTS = ['test/core/definitions', 'test/core/validate', 'test/io/definitions'];

function files(entry: string): string[] {
  const full = path.join(repoRoot, entry);
  if (full.endsWith('.ts')) return [full];
  return readdirSync(full, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => path.join(full, f));
}

function kebabStrings(file: string): Set<string> {
  const text = readFileSync(file, 'utf8');
  return new Set([...text.matchAll(/'([a-z]+(?:-[a-z]+)+)'/g)].map((m) => m[1] ?? ''));
}

const emitted = new Set(SOURCES.flatMap(files).flatMap((f) => [...kebabStrings(f)]));
const documented = new Set([...readFileSync(path.join(repoRoot, 'docs', 'diagnostics.md'), 'utf8').matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1] ?? ''));
const tested = TESTS.flatMap(files)
  .filter((f) => !f.endsWith('codes.test.ts'))
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');

describe('diagnostic codes', () => {
  it('finds the codes', () => {
    expect(emitted.size).toBeGreaterThan(60);
    expect(documented.size).toBeGreaterThan(60);
  });

  it('documents every code the sources emit, in docs/diagnostics.md', () => {
    expect([...emitted].filter((c) => !documented.has(c)).sort()).toEqual([]);
  });

  it('documents no code the sources do not emit', () => {
    expect([...documented].filter((c) => !emitted.has(c)).sort()).toEqual([]);
  });

  it('exercises every code in a test', () => {
    expect([...documented].filter((c) => !tested.includes(`'${c}'`)).sort()).toEqual([]);
  });
});
