/**
 * Run one golden test case: build its events, simulate them with the definitions (exactly in
 * event-time order), and compare with the expectations. Pure: files are read by the caller.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { SnowplowEvent } from '../events/event.js';
import type { Definition } from '../model.js';
import { createSimulator } from '../simulate/simulator.js';
import { parseTimestamp } from '../simulate/time.js';
import type { SimulationResult } from '../simulate/types.js';
import { compareCase } from './compare.js';
import { buildCaseEvents } from './events.js';
import type { GoldenCase, GoldenCaseResult, GoldenFailure } from './format.js';

export interface GoldenCaseInput {
  file: string;
  definitions: readonly Definition[];
  testCase: GoldenCase;
  caseIndex: number;
  /** Events of the case's events_file, already read. */
  fileEvents?: readonly SnowplowEvent[];
}

export interface GoldenCaseRun {
  result: GoldenCaseResult;
  /** The simulation, for callers that want to show more (undefined when the case could not run). */
  simulation: SimulationResult | undefined;
}

export function diagnosticFailure(d: Diagnostic): GoldenFailure {
  return { path: '', message: d.hint ? `${d.message} (${d.hint})` : d.message, ...(d.line !== undefined ? { line: d.line } : {}), ...(d.column !== undefined ? { column: d.column } : {}) };
}

export function runGoldenCase(input: GoldenCaseInput): GoldenCaseRun {
  const { testCase, file } = input;
  const built = buildCaseEvents(testCase, input.caseIndex);
  if (built.diagnostics.length > 0) {
    return { result: { file, name: testCase.name, ok: false, failures: built.diagnostics.map(diagnosticFailure) }, simulation: undefined };
  }
  const fileEvents = input.fileEvents ?? [];
  const simulator = createSimulator(input.definitions, {
    ...(built.now !== undefined ? { now: built.now } : {}),
    ...(testCase.firing !== undefined ? { firing: testCase.firing } : {}),
    reorderBuffer: fileEvents.length + built.events.length + 1,
  });
  for (const e of fileEvents) simulator.ingest(e);
  for (const e of built.events) simulator.ingest(e);
  const simulation = simulator.finish();
  const now = simulation.now === null ? undefined : parseTimestamp(simulation.now);
  const failures = compareCase(testCase.expect, {
    now,
    groups: simulation.groups,
    skippedGroups: simulation.skipped_groups,
    read: (group, key) => simulator.read(group, key, now) ?? {},
    segments: simulation.segments,
    interventions: simulation.interventions,
  });
  return { result: { file, name: testCase.name, ok: failures.length === 0, failures }, simulation };
}
