// Bundles the CLI into dist/bundle/ with esbuild: one module graph instead of hundreds of files
// cuts start-up by about a sixth. Commands stay lazily loaded (code splitting). The plain tsc
// output in dist/ remains for tests and benchmarks that import single modules.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'bundle');
await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: [path.join(root, 'src', 'cli', 'main.ts')],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Chunks must sit two levels below the package root, like src/<dir>/<file>.ts, because modules
  // find package files (package.json, templates/, schema/, generated/) relative to themselves.
  chunkNames: '[name]-[hash]',
  // Loaded on demand by the commands that need them, as Node loads them: DuckDB is an optional
  // native package, and the Signals Node SDK is CommonJS whose named exports a split chunk loses.
  external: ['@duckdb/node-api', '@snowplow/signals-node'],
  // Bundled CommonJS dependencies call require() for Node built-ins.
  banner: { js: "import { createRequire as __signalsCreateRequire } from 'node:module'; const require = __signalsCreateRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
