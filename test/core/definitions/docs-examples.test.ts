import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/shared-data.js';
import { check } from './helpers.js';

const doc = readFileSync(path.join(repoRoot, 'docs', 'definitions.md'), 'utf8');
const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');

describe('docs/definitions.md examples', () => {
  it('has examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
  });

  it.each(blocks.map((b, i) => [i + 1, b] as const))('example %i is a valid definition', (_, block) => {
    // A lone attribute list item is checked inside a group.
    const text = block.startsWith('- name') ? `kind: AttributeGroup\nname: g\nattribute_key: user_id\nattributes:\n${block.replace(/^/gm, '  ')}` : block;
    const { definitions, diagnostics } = check(text);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(definitions).toHaveLength(1);
  });
});
