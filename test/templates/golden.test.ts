import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGoldenTests } from '../../src/app/golden-tests.js';
import { loadSettings } from '../../src/app/settings.js';
import { repoRoot } from '../helpers/shared-data.js';
import { templatesDir, TEMPLATES_WITH_EVENTS } from './helpers.js';

describe.each(TEMPLATES_WITH_EVENTS)('the %s golden tests', (template) => {
  it('pass against the template definitions', async () => {
    const settings = await loadSettings({ cwd: path.join(templatesDir, template), env: {} });
    expect(settings.tests).toEqual([path.join(templatesDir, template, 'tests')]);
    const report = await runGoldenTests({ settings });
    expect(report.files).toEqual([`tests/${template}.test.yaml`]);
    expect(report.cases.filter((c) => !c.ok)).toEqual([]);
    expect(report.passed).toBeGreaterThanOrEqual(3);
  });
});

describe('the repository golden tests', () => {
  it('run the travel template cases against definitions/', async () => {
    const settings = await loadSettings({ cwd: repoRoot, env: {} });
    const report = await runGoldenTests({ settings });
    expect(report.files).toEqual(['templates/travel/tests/travel.test.yaml']);
    expect(report.failed).toBe(0);
    expect(report.passed).toBeGreaterThanOrEqual(5);
  });
});
