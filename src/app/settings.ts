/**
 * Project settings: flags > environment > `.env` in the working directory > config file > defaults
 * (SPEC section 6). Credentials are resolved from the same layers by `resolveTarget` (target.ts).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { parseConfig, type ProjectConfig, type TargetConfig } from '../core/config.js';
import type { Diagnostic } from '../core/diagnostics.js';
import { UsageError } from '../errors.js';

/** Canonical variable names and their accepted aliases, in lookup order. */
export const ENV_ALIASES = {
  SIGNALS_API_URL: ['SNOWPLOW_SIGNALS_API_URL', 'SNOWPLOW_SIGNALS_BASE_URL', 'SNOWPLOW_API_URL'],
  SIGNALS_API_KEY: ['SNOWPLOW_SIGNALS_API_KEY', 'SNOWPLOW_CONSOLE_API_KEY', 'SNOWPLOW_API_KEY'],
  SIGNALS_API_KEY_ID: ['SNOWPLOW_SIGNALS_API_KEY_ID', 'SNOWPLOW_CONSOLE_API_KEY_ID', 'SNOWPLOW_API_KEY_ID'],
  SIGNALS_ORG_ID: ['SNOWPLOW_SIGNALS_ORG_ID', 'SNOWPLOW_SIGNALS_ORGANIZATION_ID', 'SNOWPLOW_CONSOLE_ORG_ID', 'SNOWPLOW_ORG_ID'],
  SIGNALS_SANDBOX_TOKEN: ['SNOWPLOW_SANDBOX_TOKEN'],
  SIGNALS_CONSOLE_URL: [],
  SIGNALS_TARGET: [],
} as const satisfies Record<string, readonly string[]>;
export type SettingVariable = keyof typeof ENV_ALIASES;

export interface EnvValue {
  value: string;
  /** The variable that supplied it, and from where: for messages that must not show the value. */
  variable: string;
  from: 'environment' | '.env';
}

export interface Settings {
  cwd: string;
  /** Absolute path of the loaded config file, if any. */
  configFile?: string;
  /** Directory that relative paths in the config are resolved against. */
  baseDir: string;
  config: ProjectConfig;
  /** Definitions paths or globs, absolute. */
  definitions: string[];
  /** Whether the definitions path was given explicitly (flag or config) rather than defaulted. */
  definitionsExplicit: boolean;
  targetName?: string;
  /** The selected target's config entry, when the config names it. */
  target?: TargetConfig;
  scope: string[];
  simulate: { events: string[]; now?: string };
  tests: string[];
  /** Looks a setting up in the environment, then `.env`, honouring every alias. */
  lookup(variable: SettingVariable): EnvValue | undefined;
}

export interface LoadSettingsOptions {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  configFlag?: string;
  definitionsFlag?: string;
  targetFlag?: string;
  /** Whether a target must be resolvable (plan/apply/pull/get). */
  requireTarget?: boolean;
}

export class ConfigInvalidError extends UsageError {
  readonly diagnostics: Diagnostic[];
  constructor(file: string, diagnostics: Diagnostic[]) {
    const first = diagnostics[0];
    super('config-invalid', `${file} is not a valid configuration: ${first ? `${first.line}:${first.column} ${first.message}` : 'unknown problem'}${diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more)` : ''}`, {
      ...(first?.hint ? { hint: first.hint } : {}),
    });
    this.diagnostics = diagnostics;
  }
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError('config-unreadable', `cannot read ${file}: ${(error as Error).message}`);
  }
}

export async function loadSettings(options: LoadSettingsOptions): Promise<Settings> {
  const { cwd, env } = options;
  let configFile: string | undefined;
  let text: string | undefined;
  if (options.configFlag !== undefined) {
    const file = path.resolve(cwd, options.configFlag);
    configFile = file;
    text = await readOptional(file);
    if (text === undefined) throw new UsageError('config-missing', `config file ${options.configFlag} does not exist`);
  } else {
    for (const name of ['signals.config.yaml', 'signals.config.yml']) {
      const candidate = path.resolve(cwd, name);
      text = await readOptional(candidate);
      if (text !== undefined) {
        configFile = candidate;
        break;
      }
    }
  }
  let config: ProjectConfig = { targets: {}, simulate: {} };
  if (configFile !== undefined && text !== undefined) {
    const parsed = parseConfig(text, path.relative(cwd, configFile) || configFile);
    const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) throw new ConfigInvalidError(path.relative(cwd, configFile) || configFile, errors);
    config = parsed.config;
  }
  const baseDir = configFile ? path.dirname(configFile) : cwd;

  const dotenvText = await readOptional(path.resolve(cwd, '.env'));
  const dotenv: Record<string, string | undefined> = dotenvText === undefined ? {} : (parseEnv(dotenvText) as Record<string, string>);

  const lookup = (variable: SettingVariable): EnvValue | undefined => {
    const names = [variable, ...ENV_ALIASES[variable]];
    for (const name of names) {
      const v = env[name];
      if (v !== undefined && v !== '') return { value: v, variable: name, from: 'environment' };
    }
    for (const name of names) {
      const v = dotenv[name];
      if (v !== undefined && v !== '') return { value: v, variable: name, from: '.env' };
    }
    return undefined;
  };

  const definitionsExplicit = options.definitionsFlag !== undefined || config.definitions !== undefined;
  const definitions =
    options.definitionsFlag !== undefined
      ? [path.resolve(cwd, options.definitionsFlag)]
      : (config.definitions ?? ['definitions']).map((p) => path.resolve(baseDir, p));

  const targetName = options.targetFlag ?? lookup('SIGNALS_TARGET')?.value ?? config.default_target ?? (Object.keys(config.targets).length === 1 ? Object.keys(config.targets)[0] : undefined);
  let target: TargetConfig | undefined;
  if (targetName !== undefined) {
    target = config.targets[targetName];
    if (target === undefined && (options.targetFlag !== undefined || Object.keys(config.targets).length > 0)) {
      const known = Object.keys(config.targets);
      throw new UsageError('unknown-target', `unknown target ${targetName}`, {
        hint: known.length ? `targets in ${configFile ? path.relative(cwd, configFile) : 'the config'}: ${known.join(', ')}` : 'define it under targets: in signals.config.yaml, or set SIGNALS_API_URL and credentials in the environment',
      });
    }
  }

  const settings: Settings = {
    cwd,
    baseDir,
    config,
    definitions,
    definitionsExplicit,
    scope: config.scope ?? [],
    simulate: {
      events: (config.simulate.events ?? []).map((p) => (p === '-' ? p : path.resolve(baseDir, p))),
      ...(config.simulate.now !== undefined ? { now: config.simulate.now } : {}),
    },
    tests: (config.tests ?? []).map((p) => path.resolve(baseDir, p)),
    lookup,
  };
  if (configFile !== undefined) settings.configFile = configFile;
  if (targetName !== undefined) settings.targetName = targetName;
  if (target !== undefined) settings.target = target;
  return settings;
}
