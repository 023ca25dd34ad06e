import * as path from 'node:path';
import * as fs from 'node:fs';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');
const DIRECTIVE = /\/\/ @ts-expect-error\b/;

export interface ProofReport {
  /** Lines (1-based) that follow an `@ts-expect-error` directive. */
  readonly expected: number[];
  /** Lines on which the type checker reports an error once the directives are removed. */
  readonly rejected: number[];
}

/**
 * Type-checks `file` with its `@ts-expect-error` directives neutralised, so a test can assert that every
 * directive covers a real error (and that nothing else in the file is an error). `tsc --noEmit` alone only
 * proves the directives are not unused; this proves each one is still rejected for a reason on its own line.
 */
export function checkTypeProofs(file: string): ProofReport {
  const abs = path.resolve(ROOT, file);
  const original = fs.readFileSync(abs, 'utf8');
  const lines = original.split('\n');
  const expected: number[] = [];
  lines.forEach((line, i) => {
    if (DIRECTIVE.test(line)) expected.push(i + 2);
  });
  const neutralised = lines.map((line) => line.replace(DIRECTIVE, '// (proof)')).join('\n');

  const configPath = path.join(ROOT, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const host = ts.createCompilerHost(parsed.options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (path.resolve(name) === abs ? neutralised : readFile(name));
  const program = ts.createProgram({ rootNames: [abs], options: { ...parsed.options, noEmit: true }, host });
  const source = program.getSourceFile(abs);
  if (!source) throw new Error(`${file} not found`);
  const rejected = new Set<number>();
  for (const d of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
    if (d.start !== undefined) rejected.add(source.getLineAndCharacterOfPosition(d.start).line + 1);
  }
  return { expected, rejected: [...rejected].sort((a, b) => a - b) };
}
