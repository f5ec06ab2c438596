// Event log readers: events/s of each input format through `readEvents`, against a bare
// `readline` + `JSON.parse` loop over the same events as NDJSON. Each measurement runs in a fresh
// Node process (so peak memory is per reader); medians of several runs. Run `npm run build` first.
//
//   node bench/readers.mjs                 # 1,000,000 events, 3 runs each
//   BENCH_READER_EVENTS=200000 BENCH_RUNS=5 node bench/readers.mjs
//
// Inputs are generated once under bench/.data/ (git-ignored) and reused.
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { once } from 'node:events';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { machine, median, printTable, repoRoot } from './lib.mjs';

const EVENTS = Number(process.env.BENCH_READER_EVENTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const dataDir = path.join(repoRoot, 'bench', '.data', `readers-${EVENTS}`);
const distReader = path.join(repoRoot, 'dist', 'io', 'events', 'read-events.js');

// ---------------------------------------------------------------------------------------------
// Readers measured. Worker mode: `node bench/readers.mjs --worker <reader> <file>` prints
// {events, ms, maxRssMb}.

async function readEventsCount(file, mode) {
  const { readEvents } = await import(pathToFileURL(distReader).href);
  const stream = readEvents([file], { cwd: process.cwd() });
  let n = 0;
  if (mode === 'batches') {
    for await (const batch of stream.batches()) n += batch.length;
  } else {
    for await (const record of stream) if (record.event) n++;
  }
  if (stream.stats.badLineCount > 0) throw new Error(`${file}: ${stream.stats.badLineCount} bad lines, first ${JSON.stringify(stream.stats.badLines[0])}`);
  return n;
}

const WORKERS = {
  async 'readline+JSON.parse'(file) {
    const rl = readline.createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    let n = 0;
    for await (const line of rl) if (line.length > 0 && JSON.parse(line)) n++;
    return n;
  },
  async 'readline+split(\\t)'(file) {
    const rl = readline.createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    let n = 0;
    for await (const line of rl) if (line.split('\t').length === 131) n++;
    return n;
  },
  async 'papaparse stream'(file) {
    const { default: Papa } = await import('papaparse');
    let n = -1; // header
    await new Promise((resolve, reject) => {
      Papa.parse(createReadStream(file, 'utf8'), { step: () => n++, complete: resolve, error: reject });
    });
    return n;
  },
  readEvents: (file) => readEventsCount(file, 'records'),
  'readEvents batches': (file) => readEventsCount(file, 'batches'),
};

if (process.argv[2] === '--worker') {
  const [, , , reader, file] = process.argv;
  const start = process.hrtime.bigint();
  const events = await WORKERS[reader](file);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  process.stdout.write(JSON.stringify({ events, ms, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// Inputs: travel-like sessions, synthesised deterministically in every format.

if (!existsSync(distReader)) {
  console.error('bench/readers.mjs: build first (npm run build)');
  process.exit(1);
}
const ATOMIC = (await import(pathToFileURL(path.join(repoRoot, 'dist', 'core', 'atomic.js')).href)).ATOMIC_FIELDS;
const SP = 'com.snowplowanalytics.snowplow';
const TRAVEL = 'com.snowplowanalytics.accelerators.travel';
const DESTINATIONS = ['kyoto', 'lisbon', 'reykjavik', 'marrakech', 'cusco', 'hoi-an', 'queenstown', 'tbilisi', 'oaxaca', 'bergen'];
const FILTERS = [['duration', 'weekend'], ['duration', 'two-weeks'], ['price', 'budget'], ['price', 'luxury'], ['type', 'culinary']];

function* travelEvents(count) {
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const hex = (n) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  let t = Date.UTC(2025, 5, 1, 8, 0, 0);
  let made = 0;
  while (made < count) {
    const user = uuid();
    const session = uuid();
    const length = 5 + Math.floor(rand() * 20);
    for (let i = 0; i < length && made < count; i++, made++) {
      t += Math.floor(rand() * 4000);
      const destination = DESTINATIONS[Math.floor(rand() * DESTINATIONS.length)];
      const filter = rand() < 0.2 ? FILTERS[Math.floor(rand() * FILTERS.length)] : undefined;
      const iso = new Date(t).toISOString();
      yield {
        atomic: {
          app_id: 'travel-demo',
          platform: 'web',
          collector_tstamp: iso,
          dvce_created_tstamp: new Date(t - 150).toISOString(),
          event: filter ? 'unstruct' : 'page_view',
          event_id: uuid(),
          name_tracker: 'sp',
          domain_userid: user,
          domain_sessionidx: 1 + (made % 3),
          domain_sessionid: session,
          page_url: `https://travel.example.com/destinations/${destination}`,
          page_urlpath: `/destinations/${destination}`,
          page_title: `Travel to ${destination}`,
          br_lang: 'en-GB',
          br_viewwidth: 1440,
          derived_tstamp: iso,
          event_vendor: filter ? TRAVEL : SP,
          event_name: filter ? 'experience_filter' : 'page_view',
          event_format: 'jsonschema',
          event_version: '1-0-0',
        },
        contexts: [
          { schema: `iglu:${SP}/web_page/jsonschema/1-0-0`, data: { id: uuid() } },
          { schema: `iglu:${TRAVEL}/destination/jsonschema/1-0-0`, data: { name: destination, price_band: Math.floor(rand() * 5) } },
        ],
        unstruct: filter ? { schema: `iglu:${TRAVEL}/experience_filter/jsonschema/1-0-0`, data: { filter_type: filter[0], filter_value: filter[1] } } : undefined,
      };
    }
  }
}

const lossyKey = (schema, prefix) => {
  const [, vendor, name, , version] = /^iglu:([^/]+)\/([^/]+)\/([^/]+)\/(\d+)-/.exec(schema);
  return `${prefix}_${vendor.replace(/[.-]/g, '_')}_${name}_${version}`;
};

function toLossy(e) {
  const out = { ...e.atomic };
  for (const c of e.contexts) (out[lossyKey(c.schema, 'contexts')] ??= []).push(c.data);
  if (e.unstruct) out[lossyKey(e.unstruct.schema, 'unstruct_event')] = e.unstruct.data;
  return out;
}
const contextsDoc = (e) => ({ schema: `iglu:${SP}/contexts/jsonschema/1-0-0`, data: e.contexts });
const unstructDoc = (e) => (e.unstruct ? { schema: `iglu:${SP}/unstruct_event/jsonschema/1-0-0`, data: e.unstruct } : null);
const toLossless = (e) => ({ ...e.atomic, contexts: contextsDoc(e), unstruct_event: unstructDoc(e), derived_contexts: {} });
const tsvTime = (iso) => iso.replace('T', ' ').replace('Z', '');

function toTsv(e) {
  return ATOMIC.map((f) => {
    if (f === 'contexts') return JSON.stringify(contextsDoc(e));
    if (f === 'unstruct_event') return e.unstruct ? JSON.stringify(unstructDoc(e)) : '';
    const v = e.atomic[f];
    if (v === undefined) return '';
    return f.endsWith('_tstamp') ? tsvTime(v) : String(v);
  }).join('\t');
}

const CSV_ATOMIC = Object.keys([...travelEvents(1)][0].atomic);
const CSV_HEADER = [
  ...CSV_ATOMIC.map((f) => f.toUpperCase()),
  `CONTEXTS_COM_SNOWPLOWANALYTICS_SNOWPLOW_WEB_PAGE_1_0_0`,
  `CONTEXTS_COM_SNOWPLOWANALYTICS_ACCELERATORS_TRAVEL_DESTINATION_1_0_0`,
  `UNSTRUCT_EVENT_COM_SNOWPLOWANALYTICS_ACCELERATORS_TRAVEL_EXPERIENCE_FILTER_1_0_0`,
].join(',');
const csvCell = (v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

function toCsv(e) {
  const cells = CSV_ATOMIC.map((f) => (f.endsWith('_tstamp') ? `${tsvTime(e.atomic[f])}000+00:00` : String(e.atomic[f])));
  cells.push(JSON.stringify([e.contexts[0].data]), JSON.stringify([e.contexts[1].data]), e.unstruct ? JSON.stringify(e.unstruct.data) : '');
  return cells.map(csvCell).join(',');
}

const microGood = (e) => ({ rawEvent: { api: { vendor: SP, version: 'tp2' }, parameters: { e: e.unstruct ? 'ue' : 'pv', eid: e.atomic.event_id } }, eventType: e.atomic.event, event: toLossless(e), incomplete: false });

const FORMATS = {
  'lossy.ndjson': { line: (e) => JSON.stringify(toLossy(e)) },
  'lossless.ndjson': { line: (e) => JSON.stringify(toLossless(e)) },
  'enriched.tsv': { line: toTsv },
  'snowflake.csv': { header: CSV_HEADER, line: toCsv },
  'micro-good.json': { open: '[', separator: ',', close: ']', line: (e) => JSON.stringify(microGood(e)) },
};

async function writeInput(name, format) {
  const file = path.join(dataDir, name);
  if (existsSync(file)) return file;
  const tmp = `${file}.tmp`;
  const out = createWriteStream(tmp);
  let buffer = format.open ?? (format.header ? `${format.header}\n` : '');
  let first = true;
  for (const e of travelEvents(EVENTS)) {
    buffer += (first || !format.separator ? '' : format.separator) + format.line(e) + (format.separator ? '' : '\n');
    first = false;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  buffer += format.close ?? '';
  out.end(buffer);
  await once(out, 'finish');
  renameSync(tmp, file);
  return file;
}

async function gzipInput(source) {
  const file = `${source}.gz`;
  if (existsSync(file)) return file;
  await pipeline(createReadStream(source), createGzip({ level: 1 }), createWriteStream(`${file}.tmp`));
  renameSync(`${file}.tmp`, file);
  return file;
}

/** The real generator's travel events, when `signals generate-events` is available. */
function generatedInput() {
  const file = path.join(dataDir, 'generate-events-travel.ndjson');
  if (existsSync(file)) return file;
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'signals.js'), 'generate-events', '--template', 'travel', '--sessions', '60000', '--out', file], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return r.status === 0 && existsSync(file) ? file : undefined;
}

// ---------------------------------------------------------------------------------------------

mkdirSync(dataDir, { recursive: true });
console.log(`machine: ${machine()}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`inputs: ${EVENTS.toLocaleString('en')} travel-like events per format in ${path.relative(repoRoot, dataDir)}/ (generated once)`);
const inputs = {};
for (const [name, format] of Object.entries(FORMATS)) inputs[name] = await writeInput(name, format);
inputs['lossy.ndjson.gz'] = await gzipInput(inputs['lossy.ndjson']);
const generated = generatedInput();

function measure(reader, file) {
  const samples = [];
  let result;
  for (let i = 0; i < RUNS; i++) {
    const r = spawnSync(process.execPath, [new URL(import.meta.url).pathname, '--worker', reader, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`${reader} on ${file} failed: ${r.stderr}`);
    result = JSON.parse(r.stdout);
    samples.push(result);
  }
  const ms = median(samples.map((s) => s.ms));
  return { events: result.events, ms, rate: (result.events / ms) * 1000, rss: Math.max(...samples.map((s) => s.maxRssMb)) };
}

const cases = [
  ['readline+JSON.parse', 'lossy.ndjson', 'baseline'],
  ['readEvents', 'lossy.ndjson', 'NDJSON (lossy)'],
  ['readEvents batches', 'lossy.ndjson', 'NDJSON (lossy), batches()'],
  ['readEvents', 'lossy.ndjson.gz', 'NDJSON (lossy), gzip'],
  ['readEvents', 'lossless.ndjson', 'NDJSON (lossless)'],
  ['readEvents', 'micro-good.json', 'Micro /micro/good array'],
  ['readline+split(\\t)', 'enriched.tsv', 'split only, for reference'],
  ['readEvents', 'enriched.tsv', 'enriched TSV'],
  ['papaparse stream', 'snowflake.csv', 'papaparse only, for reference'],
  ['readEvents', 'snowflake.csv', 'warehouse CSV (UPPERCASE, JSON cells)'],
];
if (generated) cases.push(['readEvents', generated, 'NDJSON from generate-events --template travel']);

const rows = [['reader', 'input', 'MB', 'events', 'median s', 'events/s', '× baseline', 'peak RSS MB']];
let baseline;
for (const [reader, input, label] of cases) {
  const file = inputs[input] ?? input;
  const m = measure(reader, file);
  baseline ??= m.rate;
  rows.push([
    reader,
    label,
    (statSync(file).size / 1e6).toFixed(0),
    m.events.toLocaleString('en'),
    (m.ms / 1000).toFixed(2),
    Math.round(m.rate).toLocaleString('en'),
    (m.rate / baseline).toFixed(2),
    String(m.rss),
  ]);
}
printTable(`event readers (${RUNS} runs each, median; baseline = readline + JSON.parse over the lossy NDJSON)`, rows);
console.log(`\nload average after: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
