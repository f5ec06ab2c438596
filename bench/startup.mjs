// Start-up cost of the CLI relative to a bare `node -e 0`, medians of several runs in the same
// process so that the ratio survives a noisy machine. Run `npm run build` first.
import { machine, median, printTable, signalsBin, timeCommand } from './lib.mjs';

const runs = Number(process.env.BENCH_RUNS ?? 9);
console.log(`machine: ${machine()}`);
const node = timeCommand(process.execPath, ['-e', '0'], { runs });
const cases = [
  ['signals --version', ['--version'], 1.8],
  ['signals --help', ['--help'], undefined],
  ['signals validate (definitions/)', ['validate', '--quiet'], 3],
];
const rows = [['command', 'median ms', '× node -e 0', 'target']];
rows.push(['node -e 0', median(node).toFixed(1), '1.00', '']);
for (const [label, args, target] of cases) {
  const ms = median(timeCommand(process.execPath, [signalsBin, ...args], { runs }));
  const ratio = ms / median(node);
  rows.push([label, ms.toFixed(1), ratio.toFixed(2), target ? `≤ ${target}× ${ratio <= target ? 'ok' : 'MISSED'}` : '']);
}
printTable(`start-up (${runs} runs each)`, rows);
