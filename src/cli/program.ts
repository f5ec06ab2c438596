import { Command } from '@commander-js/extra-typings';
import { registerApply } from './commands/apply.js';
import { registerEmulator } from './commands/emulator.js';
import { registerGenerateEvents } from './commands/generate-events.js';
import { registerGet } from './commands/get.js';
import { registerInit } from './commands/init.js';
import { registerNew } from './commands/new.js';
import { registerPlan } from './commands/plan.js';
import { registerPull } from './commands/pull.js';
import { registerSchema } from './commands/schema.js';
import { registerSimulate } from './commands/simulate.js';
import { registerSql } from './commands/sql.js';
import { registerTest } from './commands/test.js';
import { registerValidate } from './commands/validate.js';

export function buildProgram(version: string): Command {
  const program = new Command('signals')
    .description('Snowplow Signals definitions as code: validate, plan, apply, pull, simulate and test.')
    .version(version, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: false })
    .exitOverride();

  registerInit(program);
  registerNew(program);
  registerValidate(program);
  registerSchema(program);
  registerPlan(program);
  registerApply(program);
  registerPull(program);
  registerSimulate(program);
  registerTest(program);
  registerGet(program);
  registerEmulator(program);
  registerGenerateEvents(program);
  registerSql(program);

  for (const sub of program.commands) sub.exitOverride();
  return program as unknown as Command;
}
