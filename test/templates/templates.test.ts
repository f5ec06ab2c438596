import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../../src/core/config.js';
import { generateEventLines } from '../../src/core/generate/index.js';
import { loadTemplateList } from '../../src/io/templates.js';
import { repoRoot } from '../helpers/shared-data.js';
import { loadTemplateDefinitions, PROJECT_TEMPLATES, SAMPLE_ARGS, SAMPLE_START, templatesDir, TEMPLATES_WITH_EVENTS } from './helpers.js';

const read = (...p: string[]) => readFileSync(path.join(...p), 'utf8');

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => path.join(dir, f))
    .sort();
}

describe('the template list', () => {
  it('has at least travel, quickstart, ecommerce, media and blank, each with a description', async () => {
    const list = await loadTemplateList();
    expect(list.map((t) => t.name)).toEqual(expect.arrayContaining([...PROJECT_TEMPLATES]));
    expect(list.map((t) => t.name)).not.toContain('_new');
    for (const t of list) expect(t.description.length, t.name).toBeGreaterThan(10);
  });
});

describe.each(PROJECT_TEMPLATES)('the %s template', (template) => {
  const dir = path.join(templatesDir, template);

  it('has a config, README, .gitignore (stored as gitignore), .env.example, CI workflow and definitions folder', () => {
    for (const file of ['signals.config.yaml', 'README.md', 'gitignore', '.env.example', '.github/workflows/signals.yml']) {
      expect(existsSync(path.join(dir, file)), file).toBe(true);
    }
    expect(statSync(path.join(dir, 'definitions')).isDirectory()).toBe(true);
    // npm never packs .gitignore: the packaged copy is `gitignore`, the other one serves checkouts.
    expect(read(dir, 'gitignore').split('\n')).toContain('.env');
    expect(read(dir, '.gitignore')).toBe(read(dir, 'gitignore'));
  });

  it('has a valid config with a local emulator target and a commented bdp production target', () => {
    const text = read(dir, 'signals.config.yaml');
    const { config, diagnostics } = parseConfig(text, 'signals.config.yaml');
    expect(diagnostics).toEqual([]);
    expect(config.definitions).toEqual(['definitions/']);
    expect(config.targets['local']).toMatchObject({ api_url: 'http://127.0.0.1:8787', auth: 'sandbox' });
    expect(config.default_target).toBe('local');
    expect(Object.keys(config.targets)).toEqual(['local']);
    expect(text).toMatch(/^ {2}# production:$/m);
    expect(text).toMatch(/^ {2}#   auth: bdp$/m);
    for (const v of ['SIGNALS_API_KEY_ID', 'SIGNALS_API_KEY', 'SIGNALS_ORG_ID']) expect(text).toContain(v);
    if (template !== 'blank') {
      expect(config.tests).toEqual(['tests/']);
      expect(existsSync(path.join(dir, 'tests', `${template}.test.yaml`))).toBe(true);
      expect(config.scope?.length).toBeGreaterThan(0);
      expect(config.simulate.events).toEqual(['events/sample.ndjson']);
      expect(existsSync(path.join(dir, 'events', 'sample.ndjson'))).toBe(true);
    }
  });

  it('has definitions that validate with zero errors', async () => {
    const { definitions, errors } = await loadTemplateDefinitions(path.join(dir, 'definitions'));
    expect(errors).toEqual([]);
    if (template === 'blank') {
      expect(definitions).toEqual([]);
      expect(existsSync(path.join(dir, 'definitions', 'README.md'))).toBe(true);
    } else {
      const kinds = new Set(definitions.map((d) => d.kind));
      for (const kind of ['AttributeGroup', 'Service', 'Intervention', 'Segment']) expect(kinds, kind).toContain(kind);
    }
  });

  it('keeps one definition per file, in the kind folder, named like the definition, with the schema header', async () => {
    const folders: Record<string, string> = { AttributeKey: 'attribute-keys', AttributeGroup: 'attribute-groups', Service: 'services', Intervention: 'interventions', Segment: 'segments' };
    for (const file of yamlFiles(path.join(dir, 'definitions'))) {
      const text = readFileSync(file, 'utf8');
      expect(text.startsWith('# yaml-language-server: $schema=../../schema/signals.schema.json\n'), file).toBe(true);
      const doc = parse(text) as { kind: string; name: string };
      expect(path.relative(path.join(dir, 'definitions'), file)).toBe(path.join(folders[doc.kind]!, `${doc.name}.yaml`));
      // The header resolves to <project>/schema/signals.schema.json, where init writes the schema.
      expect(path.resolve(path.dirname(file), '../../schema/signals.schema.json')).toBe(path.join(dir, 'schema', 'signals.schema.json'));
    }
  });

  it('has the CI workflow: validate and test on pull requests, markdown plan to the job summary, apply --yes on main', () => {
    const text = read(dir, '.github/workflows/signals.yml');
    const workflow = parse(text) as { on: Record<string, unknown>; jobs: Record<string, { if?: string; env?: Record<string, string>; steps: { run?: string; if?: string }[] }> };
    expect(workflow.on).toHaveProperty('pull_request');
    expect(workflow.on['push']).toEqual({ branches: ['main'] });
    const runs = (job: string) => workflow.jobs[job]!.steps.map((s) => s.run ?? '').join('\n');
    expect(runs('check')).toMatch(/signals validate/);
    expect(runs('check')).toMatch(/signals test/);
    expect(workflow.jobs['check']!.steps.find((s) => s.run === 'signals test')).toMatchObject({ if: expect.stringContaining('hashFiles') });
    expect(workflow.jobs['plan']!.if).toContain('pull_request');
    expect(runs('plan')).toMatch(/signals plan .*--detailed-exitcode/);
    expect(runs('plan')).toMatch(/--format markdown/);
    expect(runs('plan')).toContain('$GITHUB_STEP_SUMMARY');
    expect(workflow.jobs['apply']!.if).toContain("refs/heads/main");
    expect(runs('apply')).toMatch(/signals apply .*--yes/);
    for (const job of ['plan', 'apply']) {
      for (const v of ['SIGNALS_API_URL', 'SIGNALS_API_KEY', 'SIGNALS_API_KEY_ID', 'SIGNALS_ORG_ID']) {
        expect(workflow.jobs[job]!.env?.[v]).toBe(`\${{ secrets.${v} }}`);
      }
    }
  });
});

describe.each(TEMPLATES_WITH_EVENTS)('the %s sample events', (template) => {
  it('are exactly what the generator writes for the arguments in the README', () => {
    const { sessions, seed } = SAMPLE_ARGS[template];
    const readme = read(templatesDir, template, 'README.md');
    expect(readme).toContain(`signals generate-events --template ${template} --sessions ${sessions} --seed ${seed}`);
    const expected = [...generateEventLines({ template, sessions, seed, start: Date.parse(SAMPLE_START), format: 'ndjson' })].join('\n') + '\n';
    const actual = read(templatesDir, template, 'events', 'sample.ndjson');
    expect(actual.length).toBe(expected.length);
    expect(actual === expected).toBe(true);
    expect(actual.length).toBeLessThan(2.5 * 1024 * 1024);
  });
});

describe('template copies', () => {
  it('the travel template holds the same definitions as the worked example in definitions/', () => {
    const ours = yamlFiles(path.join(repoRoot, 'definitions')).map((f) => path.relative(path.join(repoRoot, 'definitions'), f));
    const theirs = yamlFiles(path.join(templatesDir, 'travel', 'definitions')).map((f) => path.relative(path.join(templatesDir, 'travel', 'definitions'), f));
    expect(theirs).toEqual(ours);
    for (const f of ours) expect(read(templatesDir, 'travel', 'definitions', f), f).toBe(read(repoRoot, 'definitions', f));
  });

  it('every template ships the same CI workflow, .gitignore and .env.example', () => {
    for (const file of ['.github/workflows/signals.yml', 'gitignore', '.env.example']) {
      const first = read(templatesDir, 'travel', file);
      for (const t of PROJECT_TEMPLATES) expect(read(templatesDir, t, file), `${t}/${file}`).toBe(first);
    }
  });
});
