/**
 * Enriched TSV (the pipeline's enriched stream, Snowplow Micro `--output-tsv`): exactly 131
 * tab-separated fields in `ATOMIC_FIELDS` order, no header, no quoting, empty string = null.
 * Lines end in empty fields, so they are split as they are (never trimmed).
 */
import { ATOMIC_FIELDS } from '../atomic.js';
import { convertCell, ownString, TSV_FIELD_TYPES } from './atomic-types.js';
import type { SnowplowEvent } from './event.js';
import { completeEvent, type UnstructIdentity } from './identity.js';
import { addContexts, addUnstruct } from './lossless.js';

export const TSV_FIELD_COUNT = ATOMIC_FIELDS.length;

export type LineResult = { ok: true; event: SnowplowEvent } | { ok: false; reason: string };

/** Convert one enriched-TSV line (without its line terminator) to a lossy event. */
export function parseTsvLine(line: string): LineResult {
  const cells = line.split('\t');
  if (cells.length !== TSV_FIELD_COUNT) {
    return { ok: false, reason: `expected ${TSV_FIELD_COUNT} tab-separated fields, found ${cells.length}` };
  }
  const event: SnowplowEvent = {};
  let unstruct: UnstructIdentity | undefined;
  for (let i = 0; i < TSV_FIELD_COUNT; i++) {
    const cell = cells[i] as string;
    if (cell === '') continue;
    const field = ATOMIC_FIELDS[i] as string;
    const type = TSV_FIELD_TYPES[i];
    if (type === 'string') {
      event[field] = ownString(cell);
    } else if (type === 'json') {
      const r = field === 'unstruct_event' ? addUnstruct(event, cell, field) : addContexts(event, cell, field);
      if (!r.ok) return r;
      if (r.unstruct) unstruct = r.unstruct;
    } else {
      const r = convertCell(field, type ?? 'string', cell);
      if (!r.ok) return r;
      event[field] = r.value;
    }
  }
  const reason = completeEvent(event, unstruct);
  return reason === undefined ? { ok: true, event } : { ok: false, reason };
}
