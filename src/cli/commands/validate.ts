import { Option, type Command } from '@commander-js/extra-typings';
import { withCommonOptions } from '../common-options.js';
import { runAction } from '../run-action.js';

export function registerValidate(program: Command): void {
  const cmd = withCommonOptions(
    program
      .command('validate')
      .description('Check definitions offline: YAML syntax, schema and Signals rules, all problems at once.')
      .argument('[paths...]', 'files, directories or globs (default: the definitions path)')
      .addOption(new Option('--format <format>', 'output format').choices(['human', 'json', 'github'] as const).default('human' as const))
      .option('--strict', 'treat warnings as errors'),
  );
  cmd.action(async (paths, opts, command) => runAction(command, () => import('../actions/validate.js'), paths, opts));
}
