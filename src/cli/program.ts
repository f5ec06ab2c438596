import { Command } from '@commander-js/extra-typings';

type Registrar = (program: Command) => void;

/** Every command, in help order, with its registration module loaded on demand. */
const COMMANDS: ReadonlyArray<{ names: readonly string[]; load: () => Promise<Registrar> }> = [
  { names: ['init'], load: async () => (await import('./commands/init.js')).registerInit },
  { names: ['new'], load: async () => (await import('./commands/new.js')).registerNew },
  { names: ['validate'], load: async () => (await import('./commands/validate.js')).registerValidate },
  { names: ['schema'], load: async () => (await import('./commands/schema.js')).registerSchema },
  { names: ['plan'], load: async () => (await import('./commands/plan.js')).registerPlan },
  { names: ['apply', 'publish'], load: async () => (await import('./commands/apply.js')).registerApply },
  { names: ['pull'], load: async () => (await import('./commands/pull.js')).registerPull },
  { names: ['simulate'], load: async () => (await import('./commands/simulate.js')).registerSimulate },
  { names: ['test'], load: async () => (await import('./commands/test.js')).registerTest },
  { names: ['get'], load: async () => (await import('./commands/get.js')).registerGet },
  { names: ['emulator'], load: async () => (await import('./commands/emulator.js')).registerEmulator },
  { names: ['generate-events'], load: async () => (await import('./commands/generate-events.js')).registerGenerateEvents },
  { names: ['sql'], load: async () => (await import('./commands/sql.js')).registerSql },
];

/**
 * Builds the program. When the first argument names a command, only that command is registered,
 * which keeps start-up short; `--help`, `help` and unknown commands get the full program.
 */
export async function buildProgram(version: string, args: readonly string[] = []): Promise<Command> {
  const program = new Command('signals')
    .description('Snowplow Signals definitions as code: validate, plan, apply, pull, simulate and test.')
    .version(version, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: false })
    .exitOverride();

  const first = args[0];
  const only = first === undefined ? undefined : COMMANDS.find((c) => c.names.includes(first));
  const registrars = await Promise.all((only ? [only] : COMMANDS).map((c) => c.load()));
  for (const register of registrars) register(program as unknown as Command);

  for (const sub of program.commands) sub.exitOverride();
  return program as unknown as Command;
}
