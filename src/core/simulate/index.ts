/** The simulation engine: pure, incremental, deterministic. See docs/simulation.md. */
export { createSimulator, Engine } from './simulator.js';
export { compileDefinitions, findGroup, resolveAttribute, DEFAULT_BATCH_TTL_MS, DEFAULT_STREAM_TTL_MS } from './compile.js';
export type { CompiledModel, CompiledGroup, SkippedGroup } from './compile.js';
export { parseTimestamp, formatTimestamp } from './time.js';
export type { Value } from './values.js';
export type * from './types.js';
