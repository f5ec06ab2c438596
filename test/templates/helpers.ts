import path from 'node:path';
import type { Definition } from '../../src/core/model.js';
import { loadDefinitions } from '../../src/io/definitions.js';
import { repoRoot } from '../helpers/shared-data.js';

export const templatesDir = path.join(repoRoot, 'templates');
export const PROJECT_TEMPLATES = ['travel', 'quickstart', 'ecommerce', 'media', 'blank'] as const;
export const TEMPLATES_WITH_EVENTS = ['travel', 'quickstart', 'ecommerce', 'media'] as const;

/** The arguments each template's committed sample was generated with (also in its README). */
export const SAMPLE_ARGS: Record<(typeof TEMPLATES_WITH_EVENTS)[number], { sessions: number; seed: string }> = {
  travel: { sessions: 100, seed: '1' },
  quickstart: { sessions: 100, seed: '1' },
  ecommerce: { sessions: 80, seed: '1' },
  media: { sessions: 45, seed: '1' },
};
export const SAMPLE_START = '2026-01-05T09:00:00Z';

export async function loadTemplateDefinitions(dir: string): Promise<{ definitions: Definition[]; errors: string[]; warnings: string[] }> {
  const loaded = await loadDefinitions({ cwd: repoRoot, paths: [dir] });
  const show = (d: (typeof loaded.diagnostics)[number]) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`;
  return {
    definitions: loaded.definitions,
    errors: loaded.diagnostics.filter((d) => d.severity === 'error').map(show),
    warnings: loaded.diagnostics.filter((d) => d.severity === 'warning').map(show),
  };
}
