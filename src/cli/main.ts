import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
const argv = process.argv.slice(2);

// Fast path: `signals --version` needs none of the command machinery.
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${pkg.version}\n`);
} else {
  await runCli();
}

async function runCli(): Promise<void> {
  const { CommanderError } = await import('@commander-js/extra-typings');
  const { buildProgram } = await import('./program.js');
  const { configureRuntime, takeExitCode } = await import('./run-action.js');
  const { ExitCode } = await import('../errors.js');

  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  configureRuntime(process, pkg.version, stop);

  const program = await buildProgram(pkg.version, argv);
  let code: number;
  try {
    await program.parseAsync(process.argv);
    code = takeExitCode();
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are successes; every other parse problem is a usage error.
      code = error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    } else {
      process.stderr.write(`internal error ${error instanceof Error ? error.message : String(error)}\n`);
      code = ExitCode.Internal;
    }
  }
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  process.exitCode = code;
}
