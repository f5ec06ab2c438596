import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config.js';

describe('parseConfig', () => {
  it('reads definitions, targets, scope, simulate and tests', () => {
    const { config, diagnostics } = parseConfig(
      [
        'definitions: [definitions/, more/*.yaml]',
        'default_target: local',
        'targets:',
        '  local: { api_url: "http://127.0.0.1:8787", auth: sandbox }',
        '  prod:',
        '    api_url: https://x.signals.snowplowanalytics.com',
        '    auth: bdp',
        '    org_id: org-1',
        'scope: [travel_*]',
        'simulate:',
        '  events: examples/events.ndjson',
        '  now: 2026-01-01T00:00:00Z',
        'tests: tests/',
      ].join('\n'),
      'signals.config.yaml',
    );
    expect(diagnostics).toEqual([]);
    expect(config).toEqual({
      definitions: ['definitions/', 'more/*.yaml'],
      default_target: 'local',
      targets: {
        local: { name: 'local', api_url: 'http://127.0.0.1:8787', auth: 'sandbox' },
        prod: { name: 'prod', api_url: 'https://x.signals.snowplowanalytics.com', auth: 'bdp', org_id: 'org-1' },
      },
      scope: ['travel_*'],
      simulate: { events: ['examples/events.ndjson'], now: '2026-01-01T00:00:00Z' },
      tests: ['tests/'],
    });
  });

  it('accepts an empty file', () => {
    expect(parseConfig('', 'c.yaml').diagnostics).toEqual([]);
    expect(parseConfig('# only a comment\n', 'c.yaml').diagnostics).toEqual([]);
  });

  it('reports unknown settings with their position and a suggestion', () => {
    const { diagnostics } = parseConfig('definitons: defs/\ntargets:\n  a:\n    api_ur: x\n', 'c.yaml');
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'config-unknown-key', line: 1, column: 1, hint: 'did you mean definitions?' }),
      expect.objectContaining({ code: 'config-unknown-key', line: 4, column: 5, hint: 'did you mean api_url?' }),
    ]);
  });

  it('rejects a bad auth mode, wrong types and an unknown default target', () => {
    const { diagnostics } = parseConfig('default_target: nope\ntargets:\n  a: { auth: oauth }\nscope: { a: 1 }\n', 'c.yaml');
    expect(diagnostics.map((d) => d.code).sort()).toEqual(['config-auth', 'config-type', 'config-unknown-target']);
  });

  it('reports YAML syntax errors with a position', () => {
    const { diagnostics } = parseConfig('targets:\n  a: [unclosed\n', 'c.yaml');
    expect(diagnostics[0]).toMatchObject({ code: 'config-yaml-syntax', file: 'c.yaml' });
    expect(diagnostics[0]?.line).toBeGreaterThan(0);
  });

  it('rejects a document that is not a mapping', () => {
    expect(parseConfig('- a\n- b\n', 'c.yaml').diagnostics[0]?.code).toBe('config-type');
  });
});
