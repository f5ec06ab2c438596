import { isUtf8 } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { PlainNdjsonScanner } from '../../../src/core/sql/ndjson-scan.js';

function scan(text: string | Uint8Array, chunk = 7): ReturnType<PlainNdjsonScanner['end']> {
  const bytes = typeof text === 'string' ? Buffer.from(text) : Buffer.from(text);
  const s = new PlainNdjsonScanner(isUtf8);
  for (let i = 0; i < bytes.length; i += chunk) s.push(bytes.subarray(i, i + chunk));
  return s.end();
}

const EVENT = '{"app_id":"a","derived_tstamp":"2025-01-01T00:00:00.000Z","contexts_com_acme_x_1":[{"aB":1,"c":[true,null,-1.5e3]}],"unstruct_event_com_acme_y_1":{"k":"v\\u00e9\\n"}}';

describe('plain lossy NDJSON check', () => {
  it('accepts plain events, blank lines and CRLF, in any chunking', () => {
    for (const chunk of [1, 3, 64, 100000]) {
      expect(scan(`${EVENT}\n\n  \n${EVENT}\r\n${EVENT}`, chunk)).toMatchObject({ plain: true, events: 3 });
    }
    expect(scan('')).toMatchObject({ plain: true, events: 0 });
    expect(scan('{"a":"é😀"}\n')).toMatchObject({ plain: true, events: 1 });
  });

  it.each([
    ['trailing comma', '{"a":1,}'],
    ['NaN', '{"a":NaN}'],
    ['Infinity', '{"a":Infinity}'],
    ['single quotes', "{'a':1}"],
    ['comment', '{"a":1} // x'],
    ['two objects on a line', '{"a":1} {"b":2}'],
    ['a list', '[{"a":1}]'],
    ['leading zero', '{"a":01}'],
    ['bare dot', '{"a":1.}'],
    ['raw tab in a string', '{"a":"x\ty"}'],
    ['bad escape', '{"a":"\\x"}'],
    ['duplicate key', '{"a":1,"a":2}'],
    ['nested duplicate key', '{"a":{"b":1,"b":2}}'],
    ['escaped key', '{"\\u0061":1}'],
    ['upper-case key', '{"APP_ID":"x"}'],
    ['lossless contexts', '{"contexts":{"data":[]}}'],
    ['lossless unstruct', '{"unstruct_event":null}'],
    ['versioned column', '{"contexts_com_acme_x_1_0_0":[]}'],
    ['derived contexts column', '{"derived_contexts_com_acme_x_1":[]}'],
    ['warehouse timestamp name', '{"refr_dvce_tstamp":"x"}'],
    ['Micro good event', '{"event":{"app_id":"a"},"rawEvent":{}}'],
    ['Micro events list', '{"events":[]}'],
    ['incomplete', '{"a":1'],
    ['lone CR', '{"a":1}\r{"b":2}'],
  ])('sends %s to the JS readers', (_what, line) => {
    expect(scan(`${EVENT}\n${line}\n`).plain).toBe(false);
  });

  it('rejects a byte order mark and invalid UTF-8', () => {
    expect(scan(`\uFEFF${EVENT}\n`).plain).toBe(false);
    expect(scan(new Uint8Array([...Buffer.from('{"a":"'), 0xc3, 0x28, ...Buffer.from('"}\n')])).plain).toBe(false);
    expect(scan(new Uint8Array([...Buffer.from('{"a":"'), 0xed, 0xa0, 0x80, ...Buffer.from('"}\n')])).plain).toBe(false);
  });

  it('fingerprints the order of the events by their derived_tstamp', () => {
    const a = '{"derived_tstamp":"2025-01-01T00:00:00.000Z"}';
    const b = '{"x":{"derived_tstamp":"zz"},"derived_tstamp":"2025-01-01T00:00:01.500Z"}';
    const ab = scan(`${a}\n${b}\n`).fingerprint;
    const t1 = Date.UTC(2025, 0, 1) % 1_000_003;
    const t2 = (Date.UTC(2025, 0, 1) + 1500) % 1_000_003;
    expect(ab).toBe(String(1 * t1 + 2 * t2));
    expect(scan(`${b}\n${a}\n`).fingerprint).not.toBe(ab);
    expect(scan('{"a":1}\n').fingerprint).toBe('-1');
  });

  it('names the line and the reason', () => {
    expect(scan(`${EVENT}\n${EVENT}\n{"a":1,}\n`)).toEqual({ plain: false, reason: 'line 3: expected a key', events: 2 });
  });
});
