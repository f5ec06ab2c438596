import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { removeProject, startHarness, TOKEN, travelProject, type Harness } from './plan-harness.js';

/** The built binary (`npm run build`) end to end against the emulator, --json parsed. */
let h: Harness;
let dir: string;

beforeAll(async () => {
  h = await startHarness();
  dir = await travelProject();
});
afterAll(async () => {
  await h.close();
  await removeProject(dir);
});

const signals = (args: string[], env: Record<string, string> = h.env) => runCli(args, { cwd: dir, env });

describe('signals plan / apply / pull (built binary)', () => {
  it('plans with --json, refuses to apply without --yes in CI, applies with publish --yes, then has no changes', async () => {
    const plan = await signals(['plan', '--json', '--detailed-exitcode']);
    expect(plan.code).toBe(2);
    const doc = JSON.parse(plan.stdout) as { schema_version: number; summary: Record<string, number>; changes: unknown[] };
    expect(doc.schema_version).toBe(1);
    expect(doc.summary).toEqual({ create: 3, update: 0, publish: 0, unpublish: 0, delete: 0 });

    const refused = await signals(['apply']);
    expect(refused.code).toBe(6);
    expect(refused.stderr).toContain('--yes');

    const applied = await signals(['publish', '--yes', '--json']);
    expect(applied.code).toBe(0);
    const result = JSON.parse(applied.stdout) as { results: { status: string }[] };
    expect(result.results.map((r) => r.status)).toEqual(['done', 'done', 'done']);

    const after = await signals(['plan', '--detailed-exitcode']);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('No changes. Signals matches the definitions.');
    for (const r of [plan, refused, applied, after]) expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it('pulls with --json', async () => {
    const r = await signals(['pull', '--out', 'pulled', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { schema_version: number; files: { file: string; status: string }[] };
    expect(doc.schema_version).toBe(1);
    expect(doc.files.map((f) => [f.file, f.status])).toEqual([
      ['pulled/attribute-groups/travel_view.yaml', 'created'],
      ['pulled/interventions/destination_help.yaml', 'created'],
      ['pulled/services/travel_service.yaml', 'created'],
    ]);
  });

  it('exits 4 with a JSON error document when credentials are missing', async () => {
    const r = await signals(['plan', '--json'], { SIGNALS_API_URL: h.emulator.url, SIGNALS_SANDBOX_TOKEN: '' });
    expect(r.code).toBe(4);
    const doc = JSON.parse(r.stdout) as { ok: boolean; error: { code: string; exit_code: number } };
    expect(doc.ok).toBe(false);
    expect(doc.error).toMatchObject({ code: 'missing-credentials', exit_code: 4 });
  });
});
