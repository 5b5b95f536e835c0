import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Each part compiles with only its own platform's types (shared/: ES2022; addin/: DOM and Office.js;
 * service/: Node): a probe file compiled with the part's tsconfig.json must fail where the part may
 * not reach. `npm run typecheck` (tsc -b) checks the real files the same way.
 */
function errorsOf(part: 'shared' | 'addin' | 'service', source: string): string[] {
  const configPath = path.resolve(part, 'tsconfig.json');
  const { config } = ts.readConfigFile(configPath, (f) => ts.sys.readFile(f));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(configPath));
  const probe = path.resolve(part, '__boundary_probe__.ts');
  const host = ts.createCompilerHost(parsed.options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, target, ...rest) =>
    file === probe ? ts.createSourceFile(file, source, target) : getSourceFile(file, target, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) => file === probe || fileExists(file);
  // The part's own ambient files (shared/'s platform globals) come with it.
  const ambient = parsed.fileNames.filter((f) => f.endsWith('.d.ts'));
  const program = ts.createProgram({ rootNames: [probe, ...ambient], options: parsed.options, host });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === probe)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('the compiler keeps the parts apart', () => {
  it('shared/ has neither Node nor the DOM: node:fs, process and document fail; TextDecoder is there', () => {
    expect(errorsOf('shared', "import fs from 'node:fs';\nexport const x = fs;")).not.toEqual([]);
    expect(errorsOf('shared', 'export const x = process.env.HOME;')).not.toEqual([]);
    expect(errorsOf('shared', 'export const x = document.title;')).not.toEqual([]);
    expect(
      errorsOf(
        'shared',
        "export const x = new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(0));",
      ),
    ).toEqual([]);
  }, 60_000);

  it('addin/ has the DOM but not Node; service/ has Node but not the DOM', () => {
    expect(errorsOf('addin', 'export const x = document.title;')).toEqual([]);
    expect(errorsOf('addin', "import fs from 'node:fs';\nexport const x = fs;")).not.toEqual([]);
    expect(errorsOf('service', "import fs from 'node:fs';\nexport const x = fs;")).toEqual([]);
    expect(errorsOf('service', 'export const x = document.title;')).not.toEqual([]);
  }, 60_000);
});
