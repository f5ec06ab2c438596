import type { ChalkInstance } from 'chalk';

/**
 * A stand-in for chalk when colour is off: every style, chained or not, returns its text
 * unchanged. It lets commands that print without colour (pipes, CI, --json, NO_COLOR) skip
 * loading chalk at all.
 */
function createPlainStyle(): ChalkInstance {
  const join = (...parts: unknown[]) => parts.map(String).join(' ');
  const handler: ProxyHandler<typeof join> = {
    get: (_target, property) => (property === 'level' ? 0 : proxy),
    apply: (_target, _this, args: unknown[]) => join(...args),
  };
  const proxy: unknown = new Proxy(join, handler);
  return proxy as ChalkInstance;
}

export const plainStyle: ChalkInstance = createPlainStyle();
