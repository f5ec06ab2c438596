/**
 * RFC 4180 field splitting for warehouse CSV exports, one record at a time. Records are
 * assembled from physical lines by the caller, so that every record keeps the line number it
 * starts on; a record continues on the next line while a quoted field is open.
 */

const QUOTE = 34; // "

/**
 * Split one record into fields. Quoted fields may hold the delimiter, newlines and doubled
 * quotes (`""`). Returns `undefined` when the record ends inside an open quoted field (it
 * continues on the next line). A quote inside an unquoted field is taken literally, and text
 * after a closing quote up to the next delimiter is kept (as spreadsheet tools do).
 */
export function splitCsvRecord(record: string, delimiter: string): string[] | undefined {
  if (record.indexOf('"') === -1) return record.split(delimiter);
  const fields: string[] = [];
  const n = record.length;
  let i = 0;
  for (;;) {
    if (i < n && record.charCodeAt(i) === QUOTE) {
      let value = '';
      let start = i + 1;
      for (;;) {
        const q = record.indexOf('"', start);
        if (q === -1) return undefined;
        if (record.charCodeAt(q + 1) === QUOTE) {
          value += record.slice(start, q + 1);
          start = q + 2;
          continue;
        }
        value += record.slice(start, q);
        i = q + 1;
        break;
      }
      if (i < n && record[i] !== delimiter) {
        const d = record.indexOf(delimiter, i);
        const end = d === -1 ? n : d;
        value += record.slice(i, end);
        i = end;
      }
      fields.push(value);
    } else {
      const d = record.indexOf(delimiter, i);
      if (d === -1) {
        fields.push(record.slice(i));
        return fields;
      }
      fields.push(record.slice(i, d));
      i = d;
    }
    if (i >= n) return fields;
    i++; // past the delimiter
    if (i === n) {
      fields.push('');
      return fields;
    }
  }
}

/** The delimiter of a CSV file, judged from its header line: `,` unless only tabs or semicolons appear. */
export function detectCsvDelimiter(headerLine: string): string {
  if (headerLine.includes(',')) return ',';
  if (headerLine.includes('\t')) return '\t';
  if (headerLine.includes(';')) return ';';
  return ',';
}
