import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDefinitionTemplate } from '../../src/app/new-definition.js';
import { validateDefinitionSources } from '../../src/core/validate/sources.js';
import { templatesDir } from './helpers.js';

const KINDS = ['attribute-key', 'attribute-group', 'service', 'intervention', 'segment'] as const;
const render = (kind: string, name: string) =>
  renderDefinitionTemplate(readFileSync(path.join(templatesDir, '_new', `${kind}.yaml`), 'utf8'), { name, schema: '../../schema/signals.schema.json' });

describe('the templates of signals new', () => {
  it.each(KINDS)('%s: starts with the schema header and has the name filled in', (kind) => {
    const text = render(kind, 'my_thing');
    expect(text.startsWith('# yaml-language-server: $schema=../../schema/signals.schema.json\n')).toBe(true);
    expect(text).toMatch(/^name: my_thing$/m);
    expect(text).not.toContain('{{');
  });

  it('validate together with zero errors and zero warnings (the examples reference my_group)', () => {
    const sources = KINDS.map((kind) => ({ file: `${kind}.yaml`, text: render(kind, kind === 'attribute-group' ? 'my_group' : `my_${kind.replace('-', '_')}`) }));
    const checked = validateDefinitionSources(sources);
    expect(checked.diagnostics).toEqual([]);
    expect(checked.definitions.map((d) => d.kind).sort()).toEqual(['AttributeGroup', 'AttributeKey', 'Intervention', 'Segment', 'Service']);
  });

  it('each validates alone with zero errors (references to a group defined elsewhere are only warnings)', () => {
    for (const kind of KINDS) {
      const checked = validateDefinitionSources([{ file: `${kind}.yaml`, text: render(kind, 'solo') }]);
      expect(checked.diagnostics.filter((d) => d.severity === 'error'), kind).toEqual([]);
    }
  });
});
