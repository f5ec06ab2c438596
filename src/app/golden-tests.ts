/**
 * `signals test`: find golden test files, load the definitions each one names (or the project's),
 * read any events_file, run every case and return the results. Never prints.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../core/diagnostics.js';
import type { SnowplowEvent } from '../core/events/event.js';
import type { GoldenCaseResult } from '../core/golden/format.js';
import { parseGoldenFile } from '../core/golden/parse.js';
import { diagnosticFailure, runGoldenCase } from '../core/golden/run.js';
import type { Definition } from '../core/model.js';
import { FailureError, isCliError, UsageError } from '../errors.js';
import { readEvents } from '../io/events/read-events.js';
import { loadValidDefinitions } from './load-definitions.js';
import type { Settings } from './settings.js';

export const GOLDEN_PATTERN = '**/*.test.{yaml,yml}';
const IGNORE = ['**/node_modules/**', '**/dist/**'];

export interface GoldenTestsRequest {
  settings: Pick<Settings, 'cwd' | 'baseDir' | 'definitions' | 'tests'>;
  /** Files, directories or globs from the command line (relative to cwd). */
  files?: readonly string[];
  signal?: AbortSignal;
}

export interface GoldenTestsReport {
  /** Test files run, as shown to people. */
  files: string[];
  cases: GoldenCaseResult[];
  passed: number;
  failed: number;
}

function display(cwd: string, absolute: string): string {
  const rel = path.relative(cwd, absolute);
  return (rel === '' ? path.basename(absolute) : rel).split(path.sep).join('/');
}

async function isDirectory(file: string): Promise<boolean | undefined> {
  try {
    return (await stat(file)).isDirectory();
  } catch {
    return undefined;
  }
}

/** Absolute, sorted test files for the given paths (files, directories, globs). */
export async function findGoldenFiles(paths: readonly string[], cwd: string): Promise<string[]> {
  const { glob, isDynamicPattern } = await import('tinyglobby');
  const found = new Set<string>();
  for (const p of paths) {
    const absolute = path.resolve(cwd, p);
    if (isDynamicPattern(p)) {
      for (const f of await glob([p], { cwd, absolute: true, onlyFiles: true, ignore: IGNORE })) found.add(path.resolve(f));
      continue;
    }
    const dir = await isDirectory(absolute);
    if (dir === undefined) throw new UsageError('test-file-missing', `${p} does not exist`, { hint: 'name golden test files (*.test.yaml) or directories that hold them' });
    if (dir) for (const f of await glob([GOLDEN_PATTERN], { cwd: absolute, absolute: true, onlyFiles: true, ignore: IGNORE })) found.add(path.resolve(f));
    else found.add(absolute);
  }
  return [...found].sort();
}

export async function runGoldenTests(request: GoldenTestsRequest): Promise<GoldenTestsReport> {
  const { settings } = request;
  const cwd = settings.cwd;
  let files: string[];
  if (request.files && request.files.length > 0) files = await findGoldenFiles(request.files, cwd);
  else if (settings.tests.length > 0) files = await findGoldenFiles(settings.tests, settings.baseDir);
  else files = await findGoldenFiles([settings.baseDir], cwd);
  if (files.length === 0) {
    throw new FailureError('no-golden-tests', 'no golden test files (*.test.yaml) found', {
      hint: 'write one (see docs/golden-tests.md), name files or directories on the command line, or list them under tests: in signals.config.yaml',
    });
  }

  const definitionsCache = new Map<string, Promise<readonly Definition[]>>();
  const definitionsFor = (paths: readonly string[]): Promise<readonly Definition[]> => {
    const cacheKey = paths.join('\u0000');
    let pending = definitionsCache.get(cacheKey);
    if (pending === undefined) {
      pending = loadValidDefinitions({ cwd, definitions: [...paths] }).then((d) => d.definitions);
      definitionsCache.set(cacheKey, pending);
    }
    return pending;
  };

  const cases: GoldenCaseResult[] = [];
  for (const absolute of files) {
    if (request.signal?.aborted) break;
    const shown = display(cwd, absolute);
    cases.push(...(await runFile(absolute, shown, settings.definitions, definitionsFor, cwd)));
  }
  const passed = cases.filter((c) => c.ok).length;
  return { files: files.map((f) => display(cwd, f)), cases, passed, failed: cases.length - passed };
}

function fileFailure(file: string, message: string, diagnostics: readonly Diagnostic[] = []): GoldenCaseResult {
  const failures = diagnostics.length > 0 ? diagnostics.map(diagnosticFailure) : [{ path: '', message }];
  return { file, name: '(test file)', ok: false, failures };
}

function errorMessage(error: unknown): string {
  if (isCliError(error)) return error.hint ? `${error.message} (${error.hint})` : error.message;
  throw error;
}

async function runFile(
  absolute: string,
  shown: string,
  projectDefinitions: readonly string[],
  definitionsFor: (paths: readonly string[]) => Promise<readonly Definition[]>,
  cwd: string,
): Promise<GoldenCaseResult[]> {
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    return [fileFailure(shown, `cannot read ${shown}: ${(error as Error).message}`)];
  }
  const parsed = parseGoldenFile(text, shown);
  if (parsed.diagnostics.length > 0) return [fileFailure(shown, 'invalid test file', parsed.diagnostics)];
  const dir = path.dirname(absolute);
  let definitions: readonly Definition[];
  try {
    definitions = await definitionsFor(parsed.file.definitions !== undefined ? [path.resolve(dir, parsed.file.definitions)] : projectDefinitions);
  } catch (error) {
    const message = `definitions: ${errorMessage(error)}`;
    return parsed.file.cases.map((c) => ({ file: shown, name: c.name, ok: false, failures: [{ path: 'definitions', message }] }));
  }
  const results: GoldenCaseResult[] = [];
  for (const [caseIndex, testCase] of parsed.file.cases.entries()) {
    let fileEvents: SnowplowEvent[] = [];
    if (testCase.eventsFile !== undefined) {
      try {
        fileEvents = await readEventsFile(display(cwd, path.resolve(dir, testCase.eventsFile)), cwd);
      } catch (error) {
        results.push({ file: shown, name: testCase.name, ok: false, failures: [{ path: 'events_file', message: errorMessage(error) }] });
        continue;
      }
    }
    results.push(runGoldenCase({ file: shown, definitions, testCase, caseIndex, fileEvents }).result);
  }
  return results;
}

/** Every event of a file; a bad line fails the case (tests are exact). */
async function readEventsFile(file: string, cwd: string): Promise<SnowplowEvent[]> {
  const events: SnowplowEvent[] = [];
  for await (const batch of readEvents([file], { cwd, strict: true }).batches()) for (const r of batch) events.push(r.event);
  return events;
}
