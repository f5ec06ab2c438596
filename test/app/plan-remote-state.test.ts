import { describe, expect, it } from 'vitest';
import { fetchRemoteState, invalidAddress, unreadableFindings } from '../../src/app/remote-state.js';
import type { RemoteDefinition } from '../../src/core/wire.js';
import { group, key, service } from '../core/plan/builders.js';

describe('remote state', () => {
  it('orders what the target returns by kind, name and version', async () => {
    const defs = [service('s', [['g', 1]]), group('g', 2, []), key('k'), group('g', 1, [])] as RemoteDefinition[];
    const snapshot = await fetchRemoteState({ fetchAllDefinitions: async () => ({ definitions: defs, invalid: [], ignored: ['Service/s: extra'] }) });
    expect(snapshot.state.objects.map((o) => `${o.kind}/${o.spec.name}${'version' in o.spec ? `@${o.spec.version}` : ''}`)).toEqual(['AttributeKey/k', 'AttributeGroup/g@1', 'AttributeGroup/g@2', 'Service/s']);
    expect(snapshot.ignored).toEqual(['Service/s: extra']);
  });

  it('reports unreadable objects, as errors when the repository defines the same identity', () => {
    const invalid = [
      { kind: 'AttributeGroup' as const, name: 'g', version: 3, issues: [{ loc: ['attributes', 0, 'aggregation'], msg: 'Input should be counter, sum, ...', type: 'enum' }] },
      { kind: 'Service' as const, name: 'other', issues: [] },
    ];
    expect(invalidAddress(invalid[0]!)).toBe('AttributeGroup/g@3');
    const findings = unreadableFindings(invalid, new Set(['AttributeGroup/g@3']));
    expect(findings.map((f) => [f.severity, f.code])).toEqual([
      ['error', 'unreadable-remote'],
      ['warning', 'unreadable-remote'],
    ]);
    expect(findings[0]?.message).toContain('attributes.0.aggregation: Input should be');
  });
});
