/**
 * `signals.config.yaml`: the project's definitions path, targets, scope and simulate defaults.
 * Parsing is pure; reading the file and the environment happens in io/ and app/.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { didYouMean, type Diagnostic } from './diagnostics.js';

export type AuthMode = 'bdp' | 'sandbox';

export interface TargetConfig {
  name: string;
  api_url?: string;
  auth?: AuthMode;
  /** Base of the console token endpoint (bdp auth). */
  console_url?: string;
  org_id?: string;
  api_key_id?: string;
  /** Discouraged: secrets belong in the environment. Accepted for parity with SPEC precedence. */
  api_key?: string;
  sandbox_token?: string;
}

export interface ProjectConfig {
  definitions?: string[];
  default_target?: string;
  targets: Record<string, TargetConfig>;
  /** Name globs of remote objects this repo manages; `--prune` only touches these. */
  scope?: string[];
  simulate: { events?: string[]; now?: string };
  /** Golden test files or globs for `signals test`. */
  tests?: string[];
}

const TOP_KEYS = ['definitions', 'default_target', 'targets', 'scope', 'simulate', 'tests'];
const TARGET_KEYS = ['api_url', 'auth', 'console_url', 'org_id', 'api_key_id', 'api_key', 'sandbox_token'];
const SIMULATE_KEYS = ['events', 'now'];

/** Parse a config file. Problems come back as diagnostics with positions; the caller decides the exit code. */
export function parseConfig(text: string, file: string): { config: ProjectConfig; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const diagnostics: Diagnostic[] = [];
  const config: ProjectConfig = { targets: {}, simulate: {} };
  const at = (node: Node | null | undefined) => {
    const pos = lineCounter.linePos(node?.range?.[0] ?? 0);
    return { file, line: pos.line, column: pos.col };
  };
  const error = (node: Node | null | undefined, code: string, message: string, hint?: string) =>
    diagnostics.push({ severity: 'error', code, message, ...at(node), ...(hint ? { hint } : {}) });

  for (const e of doc.errors) {
    const pos = e.linePos?.[0];
    diagnostics.push({ severity: 'error', code: 'config-yaml-syntax', message: e.message.split('\n')[0] ?? e.message, file, line: pos?.line ?? 1, column: pos?.col ?? 1 });
  }
  if (diagnostics.length > 0) return { config, diagnostics };
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return { config, diagnostics };
  if (!isMap(root)) {
    error(root, 'config-type', 'the configuration must be a mapping of settings');
    return { config, diagnostics };
  }

  const stringList = (node: Node | null | undefined, what: string): string[] | undefined => {
    if (isScalar(node) && typeof node.value === 'string') return [node.value];
    if (isSeq(node) && node.items.every((i) => isScalar(i) && typeof i.value === 'string')) {
      return node.items.map((i) => String((i as { value: unknown }).value));
    }
    error(node, 'config-type', `${what} must be a string or a list of strings`);
    return undefined;
  };
  const str = (node: Node | null | undefined, what: string): string | undefined => {
    if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) return String(node.value);
    error(node, 'config-type', `${what} must be a string`);
    return undefined;
  };

  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as Node | null;
    switch (key) {
      case 'definitions': {
        const v = stringList(value, 'definitions');
        if (v) config.definitions = v;
        break;
      }
      case 'default_target': {
        const v = str(value, 'default_target');
        if (v) config.default_target = v;
        break;
      }
      case 'scope': {
        const v = stringList(value, 'scope');
        if (v) config.scope = v;
        break;
      }
      case 'tests': {
        const v = stringList(value, 'tests');
        if (v) config.tests = v;
        break;
      }
      case 'targets': {
        if (!isMap(value)) {
          error(value, 'config-type', 'targets must map target names to settings');
          break;
        }
        for (const tp of value.items) {
          const name = isScalar(tp.key) ? String(tp.key.value) : '';
          const target: TargetConfig = { name };
          const tv = tp.value as Node | null;
          if (!isMap(tv)) {
            error(tv ?? (tp.key as Node), 'config-type', `target ${name} must be a mapping (api_url, auth, ...)`);
            continue;
          }
          for (const f of tv.items) {
            const fk = isScalar(f.key) ? String(f.key.value) : '';
            if (!TARGET_KEYS.includes(fk)) {
              const guess = didYouMean(fk, TARGET_KEYS);
              error(f.key as Node, 'config-unknown-key', `unknown target setting ${fk}`, guess ? `did you mean ${guess}?` : `allowed: ${TARGET_KEYS.join(', ')}`);
              continue;
            }
            const v = str(f.value as Node, `targets.${name}.${fk}`);
            if (v === undefined) continue;
            if (fk === 'auth') {
              if (v !== 'bdp' && v !== 'sandbox') error(f.value as Node, 'config-auth', `auth must be bdp or sandbox, not ${v}`);
              else target.auth = v;
            } else {
              (target as unknown as Record<string, string>)[fk] = v;
            }
          }
          config.targets[name] = target;
        }
        break;
      }
      case 'simulate': {
        if (!isMap(value)) {
          error(value, 'config-type', 'simulate must be a mapping (events, now)');
          break;
        }
        for (const f of value.items) {
          const fk = isScalar(f.key) ? String(f.key.value) : '';
          if (fk === 'events') {
            const v = stringList(f.value as Node, 'simulate.events');
            if (v) config.simulate.events = v;
          } else if (fk === 'now') {
            const v = str(f.value as Node, 'simulate.now');
            if (v) config.simulate.now = v;
          } else {
            const guess = didYouMean(fk, SIMULATE_KEYS);
            error(f.key as Node, 'config-unknown-key', `unknown simulate setting ${fk}`, guess ? `did you mean ${guess}?` : `allowed: ${SIMULATE_KEYS.join(', ')}`);
          }
        }
        break;
      }
      default: {
        const guess = didYouMean(key, TOP_KEYS);
        error(pair.key as Node, 'config-unknown-key', `unknown setting ${key}`, guess ? `did you mean ${guess}?` : `allowed: ${TOP_KEYS.join(', ')}`);
      }
    }
  }
  if (config.default_target !== undefined && !(config.default_target in config.targets)) {
    const node = root.items.find((p) => isScalar(p.key) && p.key.value === 'default_target')?.value as Node | undefined;
    error(node, 'config-unknown-target', `default_target ${config.default_target} is not one of the targets`, Object.keys(config.targets).length ? `targets: ${Object.keys(config.targets).join(', ')}` : 'add it under targets:');
  }
  return { config, diagnostics };
}
