import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/core/diagnostics.js';
import type { Definition } from '../../src/core/model.js';
import { renderDiagnosticsGithub, renderDiagnosticsHuman, summaryLine, validateDocument, type DiagnosticsReport } from '../../src/cli/render/diagnostics.js';

const plain = new Chalk({ level: 0 });
const group: Definition = {
  kind: 'AttributeGroup',
  protect: false,
  location: { file: 'defs/g.yaml', line: 1, column: 1 },
  spec: { name: 'g', version: 3, attribute_key: { name: 'user_id' }, online: true, offline: false, attributes: [], is_published: true },
};
const key: Definition = { kind: 'AttributeKey', protect: false, spec: { name: 'k', is_published: true } };

function report(diagnostics: Diagnostic[], extra: Partial<DiagnosticsReport> = {}): DiagnosticsReport {
  const errors = diagnostics.some((d) => d.severity === 'error');
  return { definitions: [group, key], diagnostics, sources: new Map([['defs/g.yaml', 'kind: AttributeGroup\nname: g\n\tversion: 3\n']]), fileCount: 1, strict: false, ok: !errors, ...extra };
}

const err: Diagnostic = { severity: 'error', code: 'invalid-version', message: 'bad version', file: 'defs/g.yaml', line: 3, column: 2, hint: 'versions start at 1' };
const warn: Diagnostic = { severity: 'warning', code: 'owner-not-email', message: 'owner', file: 'defs/g.yaml', line: 2, column: 7 };

describe('human report', () => {
  it('groups by file with a code frame, caret, code and hint', () => {
    expect(renderDiagnosticsHuman(report([warn, err]), plain)).toBe(
      [
        'defs/g.yaml',
        '  2:7     warning  owner  owner-not-email',
        '          1 | kind: AttributeGroup',
        '        > 2 | name: g',
        '            |       ^',
        '  3:2     error    bad version  invalid-version',
        '          2 | name: g',
        '        > 3 |  version: 3',
        '            |  ^^^^^^^',
        '          hint: versions start at 1',
        '',
        '✖ 1 error, 1 warning in 1 file',
      ].join('\n'),
    );
  });

  it('hides warnings with quiet, and clips long lines around the column', () => {
    const long = `${'x'.repeat(300)}: value`;
    const text = renderDiagnosticsHuman(
      report([warn, { ...err, file: 'long.yaml', line: 1, column: 301 }], { sources: new Map([['long.yaml', long]]) }),
      plain,
      { quiet: true },
    );
    expect(text).not.toContain('owner-not-email');
    const frameLine = text.split('\n').find((l) => l.includes('> 1 |')) ?? '';
    expect(frameLine.length).toBeLessThan(200);
    expect(frameLine).toContain('…');
    const caretLine = text.split('\n')[text.split('\n').indexOf(frameLine) + 1] ?? '';
    expect(frameLine[caretLine.indexOf('^')]).toBe(':');
  });

  it('sums up success, warnings and --strict failures', () => {
    expect(summaryLine(report([]), plain)).toBe('✔ 2 definitions valid (1 file)');
    expect(summaryLine(report([warn]), plain)).toBe('✔ 2 definitions valid (1 file), 1 warning');
    expect(summaryLine(report([warn], { ok: false, strict: true }), plain)).toBe('✖ 0 errors, 1 warning (--strict) in 1 file');
  });
});

describe('GitHub annotations', () => {
  it('escapes data and properties', () => {
    const d: Diagnostic = { severity: 'error', code: 'x-y', message: '100% sure,\nreally: yes', file: 'a,b:c.yaml', line: 1, column: 2, hint: 'h' };
    expect(renderDiagnosticsGithub([d, warn])).toBe(
      '::error file=a%2Cb%3Ac.yaml,line=1,col=2,title=x-y::100%25 sure,%0Areally: yes (hint: h)\n' +
        '::warning file=defs/g.yaml,line=2,col=7,title=owner-not-email::owner\n',
    );
  });

  it('leaves out what a diagnostic does not have', () => {
    expect(renderDiagnosticsGithub([{ severity: 'warning', code: 'no-definition-files', message: 'none' }])).toBe('::warning title=no-definition-files::none\n');
  });
});

describe('validate JSON document', () => {
  it('has the SPEC fields, versions only for versioned kinds, and positions always', () => {
    const doc = validateDocument(report([{ severity: 'warning', code: 'no-definition-files', message: 'none', file: 'empty' }, err]));
    expect(doc).toEqual({
      schema_version: 1,
      ok: false,
      definitions: [
        { kind: 'AttributeGroup', name: 'g', version: 3, file: 'defs/g.yaml' },
        { kind: 'AttributeKey', name: 'k', file: null },
      ],
      diagnostics: [
        { severity: 'warning', code: 'no-definition-files', message: 'none', file: 'empty', line: 1, column: 1 },
        { severity: 'error', code: 'invalid-version', message: 'bad version', file: 'defs/g.yaml', line: 3, column: 2, hint: 'versions start at 1' },
      ],
      summary: { errors: 1, warnings: 1, files: 1, definitions: 2 },
    });
  });
});
