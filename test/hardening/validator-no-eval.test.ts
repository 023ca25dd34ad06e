/**
 * The validator reads dashboard JSON from pull requests: it must never evaluate anything from
 * its input. A static scan of the validator's own sources for every way Node can turn data into
 * code: eval, the Function constructor, dynamic import(), require() of a computed path, the vm
 * module and child processes. Third-party code (ajv compiles our committed schemas, not input)
 * is out of scope.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../helpers/cli';

const SOURCES = [path.join(ROOT, 'src', 'validate'), path.join(ROOT, 'src', 'cli', 'validate-dashboards.ts'), path.join(ROOT, 'scripts', 'validate-dashboards.ts')];

const FORBIDDEN: [string, RegExp][] = [
  ['eval()', /\beval\s*\(/],
  ['indirect eval', /\(\s*0\s*,\s*eval\s*\)/],
  ['Function constructor', /\bnew\s+Function\b|(?<![\w.])Function\s*\(/],
  // `typeof import('x')` is a type, erased at compile time.
  ['dynamic import()', /(?<![\w.])(?<!typeof\s)import\s*\(/],
  ['require() of a computed path', /\brequire\s*\(\s*(?!['"][^'"]*['"]\s*\))/],
  ['require.resolve of a computed path', /\brequire\.resolve\s*\(\s*(?!['"])/],
  ['vm module', /['"](node:)?vm['"]/],
  ['child processes', /['"](node:)?child_process['"]/],
  ['worker threads on code strings', /new\s+Worker\s*\(\s*(?!new URL|path\.|__dirname)/],
  ['setTimeout/setInterval with a code string', /\bset(Timeout|Interval|Immediate)\s*\(\s*['"`]/],
];

/**
 * Reviewed exceptions: file (relative, POSIX) and the exact code. None takes a path from input.
 */
const ALLOWED: { file: string; code: string; why: string }[] = [
  {
    file: 'src/validate/schema/load.ts',
    code: 'require(VALIDATORS_FILE)',
    why: 'a constant path to the committed, precompiled schema validators (generated/schema/validators.js)',
  },
];

/** Removes comments so that prose like "never eval()" does not count; strings stay (import('x') in a string is odd enough to flag). */
function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"\\])\/\/.*$/gm, '$1');
}

function filesUnder(entry: string): string[] {
  if (!fs.existsSync(entry)) return [];
  if (fs.statSync(entry).isFile()) return [entry];
  return fs
    .readdirSync(entry, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|js|cjs|mjs)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

function findings(source: string): string[] {
  const code = stripComments(source);
  const out: string[] = [];
  code.split('\n').forEach((line, index) => {
    for (const [name, pattern] of FORBIDDEN) if (pattern.test(line)) out.push(`${index + 1}: ${name}: ${line.trim()}`);
  });
  return out;
}

describe('the validator never evaluates its input', () => {
  test('the scan detects each forbidden construct (self-check)', () => {
    const samples = [
      'const x = eval(text);',
      'const f = new Function("a", body);',
      'const g = Function(body);',
      'const m = await import(file);',
      'const m = require(path.resolve(file));',
      "import * as vm from 'node:vm';",
      "import { execFile } from 'child_process';",
      "setTimeout('alert(1)', 10);",
    ];
    for (const s of samples) expect(findings(s)).toHaveLength(1);
    for (const s of ["import { parse } from '@humanwhocodes/momoa';", "const y = require('./schema.json');", '// we never eval() input', 'const evaluation = evaluate(x);', 'schema.importFrom(x);']) {
      expect(findings(s)).toEqual([]);
    }
  });

  test('src/validate and the validate-dashboards entry points use none of them', () => {
    const files = SOURCES.flatMap(filesUnder);
    // Guards against a vacuous pass: the validator sources must exist to be scanned.
    expect(files.some((f) => f.includes(`${path.sep}validate${path.sep}`))).toBe(true);
    const used = new Set<(typeof ALLOWED)[number]>();
    const hits = files.flatMap((f) => {
      const rel = path.relative(ROOT, f).split(path.sep).join('/');
      return findings(fs.readFileSync(f, 'utf8'))
        .filter((h) => {
          const allowed = ALLOWED.find((a) => a.file === rel && h.includes(a.code));
          if (allowed) used.add(allowed);
          return !allowed;
        })
        .map((h) => `${rel}:${h}`);
    });
    expect(hits).toEqual([]);
    // An exception whose code is gone is stale: drop it rather than let it cover a later change.
    expect(ALLOWED.filter((a) => !used.has(a)).map((a) => a.file)).toEqual([]);
  });
});
