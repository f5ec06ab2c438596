import type { Command } from '@commander-js/extra-typings';
import { withCommonOptions } from '../common-options.js';
import { runAction } from '../run-action.js';

export function registerTest(program: Command): void {
  const cmd = withCommonOptions(
    program
      .command('test')
      .description('Run golden tests (*.test.yaml): expected attribute values, segment members and intervention firings.')
      .argument('[files...]', 'test files or directories (default: every *.test.yaml under the project)'),
  );
  cmd.action(async (files, opts, command) => runAction(command, () => import('../actions/test.js'), files, opts));
}
