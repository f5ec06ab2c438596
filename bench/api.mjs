// The Signals API client against the local emulator: list every kind, then fetch each of 200
// remote objects one by one, with 50 ms of injected latency per response (targets < 1.5 s thanks
// to bounded concurrency) and with none (target < 0.4 s). Medians of several runs. The emulator
// runs as its own process (`signals emulator`), as a remote API would. Run `npm run build` first.
import { spawn } from 'node:child_process';
import { machine, median, printTable, repoRoot, signalsBin } from './lib.mjs';

const { SignalsClient } = await import(`${repoRoot}/dist/io/signals-client.js`);

const runs = Number(process.env.BENCH_RUNS ?? 5);
const OBJECTS = 200;

/** 50 keys, 50 groups × 2 versions, 25 services, 25 interventions, created through the API. */
async function seed(client) {
  const def = (kind, spec) => ({ kind, spec, protect: false });
  const stage = (defs) => Promise.all(defs.map((d) => client.create(d)));
  const range = (n) => Array.from({ length: n }, (_, i) => i);
  await stage(range(50).map((i) => def('AttributeKey', { name: `key_${i}`, property: { type: 'atomic', name: 'user_id' }, is_published: true })));
  await stage(
    range(100).map((n) =>
      def('AttributeGroup', {
        name: `group_${n >> 1}`,
        version: (n % 2) + 1,
        attribute_key: { name: `key_${n >> 1}` },
        online: true,
        offline: false,
        attributes: [
          { name: 'page_views', type: 'int32', events: [{ vendor: 'com.snowplowanalytics.snowplow', name: 'page_view', version: '1-0-0' }], aggregation: 'counter', period: 'P7D' },
          { name: 'last_url', type: 'string', events: [], aggregation: 'last', property: { type: 'atomic', name: 'page_url' } },
        ],
        is_published: true,
      }),
    ),
  );
  await stage(range(25).map((i) => def('Service', { name: `service_${i}`, attribute_groups: [{ name: `group_${i}`, version: 2 }], is_published: true })));
  await stage(
    range(25).map((i) =>
      def('Intervention', { name: `nudge_${i}`, version: 1, criteria: { attribute: `group_${i}:page_views`, operator: '>=', value: 3 }, target_attribute_keys: [{ name: `key_${i}` }], is_published: true }),
    ),
  );
}

/** `signals emulator --port 0` as a child process; resolves with its URL and a stop function. */
function startEmulatorProcess(args) {
  const child = spawn(process.execPath, [signalsBin, 'emulator', '--quiet', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      out += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1], stop: () => new Promise((done) => (child.once('exit', done), child.kill('SIGTERM'))) });
    });
    child.once('exit', (code) => reject(new Error(`emulator exited (${code})`)));
  });
}

async function workload(url) {
  const client = new SignalsClient({ apiUrl: url, auth: { mode: 'sandbox', token: 'bench' }, version: 'bench' });
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const all = await client.fetchAllDefinitions();
  const fetched = await Promise.all(all.definitions.map((d) => client.get(d.kind, d.spec.name, d.spec.version)));
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  if (all.definitions.length !== OBJECTS || fetched.some((d) => d === undefined)) throw new Error(`expected ${OBJECTS} objects, got ${all.definitions.length}`);
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}

console.log(`machine: ${machine()}`);
// Wall time depends on the machine's load; the client's own CPU time is the steadier figure.
const rows = [['case', 'median ms', 'min ms', 'max ms', 'client CPU ms', 'target (median)']];
for (const [label, latencyMs, target] of [
  ['no latency', 0, 400],
  ['50 ms latency', 50, 1500],
]) {
  const emulator = await startEmulatorProcess(['--latency', String(latencyMs)]);
  const samples = [];
  try {
    await seed(new SignalsClient({ apiUrl: emulator.url, auth: { mode: 'sandbox', token: 'bench' }, version: 'bench' }));
    await workload(emulator.url); // warm-up
    const cpu = [];
    for (let i = 0; i < runs; i++) {
      const r = await workload(emulator.url);
      samples.push(r.ms);
      cpu.push(r.cpuMs);
    }
    const m = median(samples);
    rows.push([label, m.toFixed(0), Math.min(...samples).toFixed(0), Math.max(...samples).toFixed(0), median(cpu).toFixed(0), `< ${target} ${m < target ? 'ok' : 'MISSED'}`]);
  } finally {
    await emulator.stop();
  }
}
printTable(`list + fetch ${OBJECTS} remote objects: 4 list requests + ${OBJECTS} gets (${runs} runs each, default concurrency)`, rows);
