/**
 * A yes/no question on the terminal: the question goes to stderr, one line is read from stdin.
 * Only `y` or `yes` (any case) count as yes; an empty line, anything else, or end of input is no.
 */
import { createInterface } from 'node:readline';
import type { CliContext } from './context.js';

export async function readLine(input: CliContext['stdin'], signal?: AbortSignal): Promise<string | undefined> {
  const rl = createInterface({ input, terminal: false });
  try {
    return await new Promise<string | undefined>((resolve) => {
      const onAbort = () => resolve(undefined);
      signal?.addEventListener('abort', onAbort, { once: true });
      rl.once('line', (line) => resolve(line));
      rl.once('close', () => resolve(undefined));
    });
  } finally {
    rl.close();
  }
}

export function isYes(answer: string | undefined): boolean {
  return answer !== undefined && /^\s*(y|yes)\s*$/i.test(answer);
}

export async function confirm(ctx: CliContext, question: string): Promise<boolean> {
  ctx.out.error(`${ctx.out.style.bold(question)} [y/N]`);
  return isYes(await readLine(ctx.stdin, ctx.stopSignal));
}
