import type { CliContext } from '../context.js';
import { FailureError } from '../../errors.js';

export default async function run(_ctx: CliContext, ..._args: unknown[]): Promise<number> {
  throw new FailureError('not-supported', '`signals init` is not supported yet.');
}
