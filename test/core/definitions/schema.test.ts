import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { renderSchemaJson, renderValidatorModule } from '../../../scripts/build-schema.js';
import { repoRoot } from '../../helpers/shared-data.js';

const committed = readFileSync(path.join(repoRoot, 'schema', 'signals.schema.json'), 'utf8');
const schema = JSON.parse(committed) as Record<string, unknown>;

function compile() {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  return ajv.compile(schema);
}

function yamlDocuments(file: string): unknown[] {
  return parseAllDocuments(readFileSync(file, 'utf8'), { merge: true }).map((d) => d.toJS());
}

describe('schema/signals.schema.json', () => {
  it('is what the build produces from the TypeBox source (run npm run build after changing it)', () => {
    expect(committed).toBe(renderSchemaJson());
  });

  it('is a draft-07 schema that compiles in strict mode', () => {
    expect(schema['$schema']).toBe('http://json-schema.org/draft-07/schema#');
    expect(() => compile()).not.toThrow();
  });

  it('matches the generated validator module when one has been built', () => {
    const generated = path.join(repoRoot, 'src', 'generated', 'definition-schema.cjs');
    if (!existsSync(generated)) return;
    expect(readFileSync(generated, 'utf8')).toBe(renderValidatorModule(schema));
  });

  it('accepts every reference example and the travel example', () => {
    const validate = compile();
    const dirs = [path.join(repoRoot, 'test', 'fixtures', 'definitions', 'reference'), path.join(repoRoot, 'definitions')];
    let count = 0;
    for (const dir of dirs) {
      for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((n) => n.endsWith('.yaml'))) {
        for (const doc of yamlDocuments(path.join(dir, f))) {
          const ok = validate(doc);
          expect(ok ? [] : validate.errors, `${f}`).toEqual([]);
          count++;
        }
      }
    }
    expect(count).toBeGreaterThan(20);
  });

  it('rejects unknown keys at every level, and allows x- extension keys at the top', () => {
    const validate = compile();
    const base = { kind: 'Segment', name: 's', criteria: { attribute: 'g:a', operator: 'is null' } };
    expect(validate(base)).toBe(true);
    expect(validate({ ...base, 'x-anchors': [1, 2] })).toBe(true);
    expect(validate({ ...base, extra: 1 })).toBe(false);
    expect(validate({ ...base, criteria: { attribute: 'g:a', operator: 'is null', extra: 1 } })).toBe(false);
    const group = { kind: 'AttributeGroup', name: 'g', attribute_key: 'user_id', attributes: [{ name: 'a', type: 'int32', aggregation: 'counter', evnts: [] }] };
    expect(validate(group)).toBe(false);
    expect(validate.errors?.some((e) => e.keyword === 'additionalProperties' && e.params['additionalProperty'] === 'evnts')).toBe(true);
  });

  it('closes every object schema and describes every property, so editors can complete and explain', () => {
    const missing: string[] = [];
    const walk = (node: unknown, at: string) => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${at}/${i}`));
      if (node === null || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      const props = o['properties'] as Record<string, Record<string, unknown>> | undefined;
      if (props && o['type'] === 'object' && at !== '#' && !at.endsWith('/if')) {
        // A discriminated union is closed by the variant each `then` selects.
        if (o['additionalProperties'] !== false && !Array.isArray(o['allOf'])) missing.push(`${at}: not closed`);
        for (const [k, v] of Object.entries(props)) {
          if (typeof v['description'] !== 'string' && typeof v['$ref'] !== 'string' && k !== 'kind') missing.push(`${at}/${k}: no description`);
        }
      }
      for (const [k, v] of Object.entries(o)) walk(v, `${at}/${k}`);
    };
    walk(schema, '#');
    expect(missing).toEqual([]);
  });

  it('lists every kind, aggregation, type and operator as enums for completion', () => {
    expect(committed).toContain('"AttributeKey"');
    for (const word of ['"time_since_last"', '"unix_timestamp_list"', '"not rlike"', '"changed"', '"hour_of_day"', '"true_tstamp"']) {
      expect(committed).toContain(word);
    }
  });
});

describe('the runtime validator', () => {
  it('gives the same verdicts and errors whether precompiled or compiled from the committed schema', async () => {
    const { compileFromCommittedSchema, definitionSchemaModule } = await import('../../../src/schema/definition-validator.js');
    const runtime = definitionSchemaModule().validate;
    const fallback = compileFromCommittedSchema().validate;
    const samples: unknown[] = [
      { kind: 'Segment', name: 's', criteria: { attribute: 'g:a', operator: 'is null' } },
      { kind: 'AttributeGroup', name: 'g', attribute_key: 3, attributes: [{ name: 'a', type: 'int33', aggregation: 'counter', evnts: [] }] },
      { kind: 'Service', name: 'bad name', attribute_groups: [] },
      { kind: 'Nope' },
      [],
    ];
    for (const sample of samples) {
      expect(runtime(sample)).toBe(fallback(sample));
      expect(runtime.errors ?? null).toEqual(fallback.errors ?? null);
    }
    expect(runtime(samples[1])).toBe(false);
    expect(runtime.errors?.[0]).toHaveProperty('parentSchema');
  });
});
