import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { planChanges } from '../../src/core/plan/planner.js';
import { planDocument } from '../../src/core/plan/document.js';
import { renderPlanHuman } from '../../src/cli/render/plan-human.js';
import { renderPlanMarkdown } from '../../src/cli/render/plan-markdown.js';
import { annotation, renderPlanGithub } from '../../src/cli/render/plan-github.js';
import { formatValue } from '../../src/cli/render/plan-values.js';
import { counter, group, remote, service, travel } from '../core/plan/builders.js';

const style = new Chalk({ level: 0 });
const target = { name: 'prod', api_url: 'http://127.0.0.1:8787' };

function bumpPlan() {
  const t = travel();
  const v2 = group('travel_view', 2, [counter('page_view_count'), counter('extra', { period: 'PT15M' })]);
  v2.location = { file: 'definitions/travel.yaml', line: 12, column: 1 };
  const edited = structuredClone(t.group);
  edited.spec.description = 'edited';
  return planChanges({ local: [edited, v2, t.service], remote: remote(t.group, t.service), scope: [], prune: false });
}

describe('formatValue', () => {
  it('uses the definition shorthands', () => {
    expect(formatValue({ vendor: 'com.snowplowanalytics.snowplow', name: 'page_view', version: '1-0-0' }, 'events')).toBe('page_view');
    expect(formatValue({ vendor: 'com.acme', name: 'checkout', version: '1-0-0' }, 'events')).toBe('com.acme/checkout/1-0-0');
    expect(formatValue('12')).toBe('"12"');
    expect(formatValue({ type: 'atomic', name: 'page_urlpath' })).toBe('page_urlpath');
    expect(formatValue({ type: 'entity', vendor: 'v', name: 'n', major_version: 1, path: 'p', index: 2 })).toBe('entity:v/n/1[2]:p');
    expect(formatValue({ name: 'travel_view', version: 2 })).toBe('travel_view@2');
    expect(formatValue({ all: [{ property: { type: 'atomic', name: 'page_urlpath' }, operator: 'like', value: '%d%' }] })).toBe('all(page_urlpath like "%d%")');
    expect(formatValue({ attribute: 'g:a', operator: 'is null' })).toBe('g:a is null');
    expect(formatValue({ name: 'c', type: 'int32', aggregation: 'counter', description: 'A count' })).toBe('{type: int32, aggregation: counter, description: "A count"}');
    expect(formatValue({ name: 'domain_sessionid' }, 'attribute_key')).toBe('domain_sessionid');
    expect(formatValue([{ name: 'snowplow_ecommerce_action' }], 'events')).toBe('[{name: snowplow_ecommerce_action}]');
    expect(formatValue({ attribute: 'g:a', operator: 'in', value: ['x', 'y'] })).toBe('g:a in ["x", "y"]');
    expect(formatValue('true')).toBe('"true"');
    expect(formatValue('P7D', 'period')).toBe('7d');
    expect(formatValue('PT1H30M', 'ttl')).toBe('1h30m');
  });
});

describe('renderPlanHuman', () => {
  it('prints headers, field lines with before → after, findings with hints and the Plan line', () => {
    const text = renderPlanHuman(bumpPlan(), target, style);
    expect(text).toContain('~ update AttributeGroup travel_view@1');
    expect(text).toContain('    + description: edited');
    expect(text).toContain('! error AttributeGroup/travel_view@1 is published');
    expect(text).toContain('hint: publish the change as version 3');
    expect(text).toContain('+ create AttributeGroup travel_view@2  (definitions/travel.yaml:12)');
    expect(text).toContain('+ attributes[extra]: {type: int32, events: [page_view], aggregation: counter, period: 15m}');
    expect(text).toContain('! warning Service travel_service still pins travel_view@1');
    expect(text).toContain('Plan: 1 to create, 1 to update, 0 to publish, 0 to unpublish, 0 to delete.');
    expect(text).toContain('Apply is blocked by 1 error above.');
    expect(text).not.toMatch(/\u001b\[/);
  });

  it('shows a long added object one sub-field per line', () => {
    const g = group('g', 1, [counter('long_attribute_name', { description: 'A description long enough to push the line past one hundred characters' })]);
    const text = renderPlanHuman(planChanges({ local: [g], remote: remote(), scope: [], prune: false }), target, style);
    expect(text).toContain('    + attributes[long_attribute_name]:\n          type: int32\n          events: [page_view]\n          aggregation: counter\n          description: "A description long enough');
  });

  it('says there are no changes', () => {
    const t = travel();
    const p = planChanges({ local: [t.group], remote: remote(t.group), scope: [], prune: false });
    const text = renderPlanHuman(p, target, style);
    expect(text).toContain('No changes. Signals matches the definitions.');
    expect(text).not.toContain('Plan:');
  });

  it('colours when asked', () => {
    expect(renderPlanHuman(bumpPlan(), target, new Chalk({ level: 1 }))).toMatch(/\u001b\[/);
  });
});

describe('planDocument', () => {
  it('has the SPEC fields and no bodies', () => {
    const doc = planDocument(bumpPlan(), target);
    expect(doc.schema_version).toBe(1);
    expect(doc.target).toBe('prod');
    expect(doc.summary).toEqual({ create: 1, update: 1, publish: 0, unpublish: 0, delete: 0 });
    const create = doc.changes.find((c) => c.action === 'create');
    expect(create).toMatchObject({ kind: 'AttributeGroup', name: 'travel_view', version: 2, file: 'definitions/travel.yaml', line: 12 });
    expect(JSON.stringify(doc)).not.toContain('"body"');
  });
});

describe('renderPlanMarkdown', () => {
  it('has the Plan line, a table, findings and a diff block', () => {
    const text = renderPlanMarkdown(bumpPlan(), target);
    expect(text).toContain('**Plan: 1 to create, 1 to update, 0 to publish, 0 to unpublish, 0 to delete.**');
    expect(text).toContain('| 🟢 create | `AttributeGroup travel_view@2` | ⚠️ 2 warnings |');
    expect(text).toContain('| 🟡 update | `AttributeGroup travel_view@1` | ⛔ 1 error |');
    expect(text).toContain('> [!CAUTION]');
    expect(text).toContain('```diff');
    expect(text).toContain('+     attributes[extra]:');
    expect(text).toContain('⛔ **AttributeGroup/travel\\_view@1 is published');
  });

  it('says there are no changes', () => {
    const p = planChanges({ local: [], remote: remote(), scope: [], prune: false });
    expect(renderPlanMarkdown(p, target)).toContain('✅ No changes.');
  });
});

describe('renderPlanGithub', () => {
  it('annotates findings on the definition file and ends with a notice', () => {
    const text = renderPlanGithub(bumpPlan(), target);
    expect(text).toContain('::warning file=definitions/travel.yaml,line=12,col=1,title=signals plan%3A AttributeGroup/travel_view@2::');
    expect(text).toContain('::error title=signals plan%3A AttributeGroup/travel_view@1::');
    expect(text.trimEnd().split('\n').at(-1)).toBe('::notice title=Signals plan for prod::Plan: 1 to create, 1 to update, 0 to publish, 0 to unpublish, 0 to delete.');
  });

  it('escapes newlines and percent signs', () => {
    expect(annotation({ severity: 'warning', code: 'x', message: '50%\nmore' })).toBe('::warning title=signals plan%3A x::50%25%0Amore [x]');
  });

  it('works for a service-only plan', () => {
    const t = travel();
    const s = service('travel_service', [['travel_view', 1]], { description: 'x' });
    const p = planChanges({ local: [s], remote: remote(t.group, t.service), scope: [], prune: false });
    expect(renderPlanGithub(p, target)).toContain('~ update Service travel_service');
  });
});
