/**
 * Format detection from content (file names are never trusted). Gzip is recognised earlier, by
 * its magic bytes, in the file readers. The rules, on the first non-blank text:
 * 1. `[` → a JSON document (Micro `/micro/good` or `/micro/events` array, list of lossy events);
 * 2. `{` → NDJSON when the first (or second) non-blank line is a complete JSON value, otherwise
 *    one or more pretty-printed JSON documents (`{events: [...]}`, `jq` output);
 * 3. a line with exactly 130 tabs among the first two non-blank lines → enriched TSV;
 * 4. otherwise CSV whose first line is a header naming at least one Snowplow column.
 * Text with NUL or many control characters is binary and not an event log.
 */
import { compileCsvHeader } from './csv-columns.js';
import { detectCsvDelimiter, splitCsvRecord } from './csv-split.js';
import { TSV_FIELD_COUNT } from './tsv.js';

/** Formats this project reads. `json` covers JSON arrays and (pretty-printed) documents. */
export type EventFormat = 'ndjson' | 'json' | 'tsv' | 'csv';

/** What a reader found in an input: a format, nothing at all, or something it cannot read. */
export type DetectedFormat = EventFormat | 'empty' | 'unrecognised';

export type LineDetection =
  | { format: 'ndjson' | 'json' | 'tsv' }
  | { format: 'csv'; delimiter: string }
  | { format: 'unrecognised'; reason: string };

export const UNRECOGNISED_REASON =
  'not a recognised event format: expected NDJSON, a JSON array, enriched TSV (131 tab-separated fields) or CSV with a header row';

/** Decide the format of line-based content from its first one or two non-blank lines. */
export function detectLineFormat(lines: readonly string[]): LineDetection {
  const first = (lines[0] ?? '').replace(/^\uFEFF/, '');
  const second = lines[1];
  if (looksBinary(first) || (second !== undefined && looksBinary(second))) {
    return { format: 'unrecognised', reason: 'binary data, not an event log (only gzip compression is read)' };
  }
  const head = first.trimStart();
  if (head.startsWith('[')) return { format: 'json' };
  if (head.startsWith('{')) {
    if (isJson(head)) return { format: 'ndjson' };
    if (second !== undefined && second.trimStart().startsWith('{') && isJson(second)) return { format: 'ndjson' };
    return { format: 'json' };
  }
  if (countTabs(first) === TSV_FIELD_COUNT - 1 || (second !== undefined && countTabs(second) === TSV_FIELD_COUNT - 1)) {
    return { format: 'tsv' };
  }
  const delimiter = detectCsvDelimiter(first);
  const header = splitCsvRecord(first, delimiter) ?? [first];
  if (compileCsvHeader(header).ok) return { format: 'csv', delimiter };
  return { format: 'unrecognised', reason: UNRECOGNISED_REASON };
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function countTabs(line: string): number {
  let n = 0;
  for (let i = line.indexOf('\t'); i !== -1; i = line.indexOf('\t', i + 1)) n++;
  return n;
}

/** NUL anywhere, or more than 1 in 20 characters being control characters other than tab/CR. */
function looksBinary(text: string): boolean {
  const sample = text.length > 4096 ? text.slice(0, 4096) : text;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 32 && c !== 9 && c !== 13) || c === 0xfffd) control++;
  }
  return control * 20 > sample.length;
}
