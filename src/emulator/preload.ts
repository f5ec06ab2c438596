/**
 * `signals emulator --events FILE..`: event logs read at start (any format `signals simulate`
 * reads, `.gz` transparently) into the live engine, after the `--data` state is loaded, so they
 * update the groups published there. Files are streamed: memory grows with keys, not events.
 */
import type { BadLine } from '../core/events/event.js';
import { readEvents } from '../io/events/read-events.js';
import type { RunningEmulator } from './server.js';

export interface PreloadResult {
  files: string[];
  events_read: number;
  events_used: number;
  bad_lines: BadLine[];
  bad_line_count: number;
}

export async function preloadEventFiles(emulator: Pick<RunningEmulator, 'live'>, files: readonly string[], options: { cwd: string; signal?: AbortSignal }): Promise<PreloadResult> {
  const stream = readEvents(files, { cwd: options.cwd, ...(options.signal ? { signal: options.signal } : {}) });
  let used = 0;
  for await (const batch of stream.batches()) {
    for (const record of batch) if (emulator.live.ingest(record.event) === 'used') used++;
  }
  emulator.live.flush();
  const stats = stream.stats;
  return { files: stats.files, events_read: stats.eventsRead, events_used: used, bad_lines: stats.badLines, bad_line_count: stats.badLineCount };
}
