/**
 * Scenario harness for plan/apply/pull: a project in a temporary directory, the local emulator
 * on 127.0.0.1, and the command actions run in-process with in-memory streams (errors mapped to
 * exit codes exactly as the binary maps them).
 */
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { GlobalOptions } from '../../src/cli/context.js';
import { reportError } from '../../src/cli/run-action.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { createTestContext } from '../helpers/memory-streams.js';

export const TOKEN = 'sandbox-token-5f2c9e1a-do-not-print';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export async function makeProject(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'signals-plan-'));
  for (const [name, text] of Object.entries(files)) await writeProjectFile(dir, name, text);
  return dir;
}

export async function writeProjectFile(dir: string, name: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
  await writeFile(path.join(dir, name), text, 'utf8');
}

export async function readProjectFile(dir: string, name: string): Promise<string> {
  return readFile(path.join(dir, name), 'utf8');
}

export async function removeProject(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export interface Harness {
  emulator: RunningEmulator;
  env: Record<string, string>;
  /** Fault injection switch for the emulator (`failRate` must be set at start). */
  faults: { on: boolean; after: number; seen: number };
  close(): Promise<void>;
}

/** An emulator whose injected faults are controlled by `faults`: none until `on`, then after `after` decisions. */
export async function startHarness(options: EmulatorOptions = {}): Promise<Harness> {
  const faults = { on: false, after: 0, seen: 0 };
  const emulator = await startEmulator({
    failRate: 0.5,
    ...options,
    random: () => {
      if (!faults.on) return 0.99;
      faults.seen++;
      return faults.seen > faults.after ? 0 : 0.99;
    },
  });
  return {
    emulator,
    env: { SIGNALS_API_URL: emulator.url, SIGNALS_SANDBOX_TOKEN: TOKEN },
    faults,
    close: () => emulator.close(),
  };
}

type ActionName = 'plan' | 'apply' | 'pull';

export async function run(
  command: ActionName,
  cwd: string,
  env: Record<string, string | undefined>,
  args: { opts?: Record<string, unknown>; planFile?: string; globals?: Partial<GlobalOptions>; interactive?: boolean; stdin?: string } = {},
): Promise<Run> {
  const t = createTestContext({ cwd, env, ...(args.globals ? { globals: args.globals } : {}), ...(args.interactive !== undefined ? { interactive: args.interactive } : {}), ...(args.stdin !== undefined ? { stdin: args.stdin } : {}) });
  let code: number;
  try {
    if (command === 'plan') code = await (await import('../../src/cli/actions/plan.js')).default(t.ctx, { format: 'human', ...args.opts });
    else if (command === 'apply') code = await (await import('../../src/cli/actions/apply.js')).default(t.ctx, args.planFile, { ...args.opts });
    else code = await (await import('../../src/cli/actions/pull.js')).default(t.ctx, { ...args.opts });
  } catch (error) {
    code = reportError(t.ctx, error);
  }
  return { code, stdout: t.stdout.text, stderr: t.stderr.text };
}

export const CONFIG = `targets:
  dev:
    auth: sandbox
default_target: dev
scope: ['travel_*', 'destination_*', 'legacy_*']
`;

export const TRAVEL_GROUP = `# Session-level travel preferences (owned by the web team)
kind: AttributeGroup
name: travel_view
version: 1
attribute_key: domain_sessionid
owner: you@example.com
description: Session-level travel preferences
attributes:
  - name: page_view_count
    type: int32
    aggregation: counter
    events: [page_view]
  - name: destination_page_view_count
    type: int32
    aggregation: counter
    events: [page_view]
    period: 7d
    criteria:
      all:
        - { property: page_urlpath, operator: like, value: "%destinations%" }
`;

export const TRAVEL_SERVICE = `kind: Service
name: travel_service
owner: you@example.com
attribute_groups: [travel_view@1]
`;

export const TRAVEL_INTERVENTION = `kind: Intervention
name: destination_help
version: 1
owner: you@example.com
criteria:
  attribute: travel_view:destination_page_view_count
  operator: ">="
  value: 3
target_attribute_keys: [domain_sessionid]
`;

export function travelProject(extra: Record<string, string> = {}): Promise<string> {
  return makeProject({
    'signals.config.yaml': CONFIG,
    'definitions/travel_view.yaml': TRAVEL_GROUP,
    'definitions/travel_service.yaml': TRAVEL_SERVICE,
    'definitions/destination_help.yaml': TRAVEL_INTERVENTION,
    ...extra,
  });
}
