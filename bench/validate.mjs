// `signals validate` speed: 1,000 generated definition documents, the project's definitions/,
// and a bare `node -e 0` for scale. Runs are interleaved (node, small, large, node, ...) so that
// a busy machine slows every case alike, and medians are reported. Run `npm run build` first.
//
//   node bench/validate.mjs            BENCH_RUNS=9 node bench/validate.mjs
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { machine, median, printTable, repoRoot, signalsBin } from './lib.mjs';

const runs = Number(process.env.BENCH_RUNS ?? 7);
const DOCUMENTS = 1000;
const PER_FILE = 10;

/** 1,000 realistic documents: groups with several attribute shapes, services and interventions. */
function generate(dir) {
  for (let f = 0; f < DOCUMENTS / PER_FILE; f++) {
    const docs = [];
    for (let i = 0; i < PER_FILE - 2; i++) {
      docs.push(`kind: AttributeGroup
name: group_${f}_${i}
version: ${1 + (i % 3)}
attribute_key: domain_sessionid
owner: team${f}@example.com
description: Generated group ${f}/${i}
ttl: 30d
attributes:
  - name: page_views
    type: int32
    aggregation: counter
    events: [page_view]
    period: 1h
  - name: product_views
    type: int32
    aggregation: counter
    events: [com.acme/product_view/1-0-0, page_view]
    criteria:
      any:
        - { property: page_urlpath, operator: like, value: "%/products/%" }
        - property: entity:com.acme/product/1:category
          operator: in
          value: [shoes, bags, hats]
  - name: cart_value
    type: double
    aggregation: sum
    events: [com.acme/add_to_cart/1-0-0]
    property: event:com.acme/add_to_cart/1:price
  - name: last_country
    type: string
    aggregation: last
    events: [page_view]
    property: geo_country
`);
    }
    const groups = Array.from({ length: PER_FILE - 2 }, (_, i) => `group_${f}_${i}@${1 + (i % 3)}`);
    docs.push(`kind: Service\nname: service_${f}\nowner: team${f}@example.com\nattribute_groups: [${groups.join(', ')}]\n`);
    docs.push(`kind: Intervention
name: nudge_${f}
owner: team${f}@example.com
target_attribute_keys: [domain_sessionid]
criteria:
  all:
    - { attribute: "group_${f}_0:product_views", operator: ">=", value: 3 }
    - { attribute: "group_${f}_0:cart_value", operator: "<", value: 50 }
`);
    mkdirSync(path.join(dir, `team_${String(f).padStart(3, '0')}`), { recursive: true });
    writeFileSync(path.join(dir, `team_${String(f).padStart(3, '0')}`, 'definitions.yaml'), docs.join('---\n'));
  }
}

function time(args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(args[0], args.slice(1), { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'signals-bench-validate-'));
try {
  generate(dir);
  const cases = {
    node: [process.execPath, '-e', '0'],
    small: [process.execPath, signalsBin, 'validate', 'definitions', '--quiet'],
    large: [process.execPath, signalsBin, 'validate', dir, '--quiet'],
  };
  const samples = { node: [], small: [], large: [] };
  for (const args of Object.values(cases)) time(args); // warm the file cache
  for (let i = 0; i < runs; i++) for (const [name, args] of Object.entries(cases)) samples[name].push(time(args));

  const node = median(samples.node);
  const small = median(samples.small);
  const large = median(samples.large);
  console.log(`machine: ${machine()}`);
  console.log(`load average: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (a busy machine inflates every number)`);
  printTable(`signals validate (${runs} interleaved runs each, median wall time)`, [
    ['case', 'median ms', '× node -e 0', 'target'],
    ['node -e 0', node.toFixed(1), '1.00', ''],
    ['validate definitions/ (small tree)', small.toFixed(1), (small / node).toFixed(2), `≤ 3× ${small / node <= 3 ? 'ok' : 'MISSED'}`],
    [`validate ${DOCUMENTS} documents`, large.toFixed(1), (large / node).toFixed(2), `< 1500 ms ${large < 1500 ? 'ok' : 'MISSED'}`],
  ]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
