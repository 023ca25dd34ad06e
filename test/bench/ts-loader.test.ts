import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, tempDir } from '../helpers/cli';

// The TypeScript loader the npm scripts use: transpile cache + V8 code cache on disk.
const LOADER = path.join(ROOT, 'src', 'loader', 'register-ts.js');

function runTs(file: string, env: NodeJS.ProcessEnv): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['-r', LOADER, file], { cwd: path.dirname(file), env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

// Prints what it computed, and whether sucrase had to be loaded in this process.
const entry = (value: string) => `import { shout } from './lib';
interface Point { x: number }
const p: Point = { x: 1 };
const loadedSucrase = Object.keys(require.cache).some((id) => id.includes('/sucrase/'));
console.log(JSON.stringify({ out: shout(${JSON.stringify(value)}), x: p.x, loadedSucrase }));
`;
const lib = `export function shout(s: string): string { return s.toUpperCase() + '!'; }\n`;

describe('src/loader/register-ts.js', () => {
  let dir: string;
  let cache: string;
  beforeEach(() => {
    dir = tempDir('ts-loader');
    cache = path.join(dir, 'cache');
    fs.writeFileSync(path.join(dir, 'lib.ts'), lib);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('first run transpiles and fills both caches; a second run reuses them without loading sucrase', () => {
    const main = path.join(dir, 'main.ts');
    fs.writeFileSync(main, entry('one'));
    const first = runTs(main, { PIPELINE_TS_CACHE_DIR: cache });
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout)).toEqual({ out: 'ONE!', x: 1, loadedSucrase: true });
    const cached = filesUnder(cache);
    expect(cached.filter((f) => f.includes(`${path.sep}ts${path.sep}`))).toHaveLength(2); // main.ts and lib.ts
    expect(cached.some((f) => f.includes(`${path.sep}v8${path.sep}`))).toBe(true);
    expect(cached.some((f) => f.endsWith('.tmp'))).toBe(false);

    const second = runTs(main, { PIPELINE_TS_CACHE_DIR: cache });
    expect(JSON.parse(second.stdout)).toEqual({ out: 'ONE!', x: 1, loadedSucrase: false });
  });

  test('an edited file is transpiled again, never served stale', () => {
    const main = path.join(dir, 'main.ts');
    fs.writeFileSync(main, entry('one'));
    runTs(main, { PIPELINE_TS_CACHE_DIR: cache });
    fs.writeFileSync(path.join(dir, 'lib.ts'), lib.replace("'!'", "'?'"));
    const edited = runTs(main, { PIPELINE_TS_CACHE_DIR: cache });
    expect(JSON.parse(edited.stdout)).toMatchObject({ out: 'ONE?', loadedSucrase: true });
  });

  test('a cache folder that cannot be created only costs speed', () => {
    const main = path.join(dir, 'main.ts');
    fs.writeFileSync(main, entry('two'));
    const blocker = path.join(dir, 'not-a-dir');
    fs.writeFileSync(blocker, '');
    const r = runTs(main, { PIPELINE_TS_CACHE_DIR: path.join(blocker, 'cache') });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ out: 'TWO!' });
  });

  test('PIPELINE_TS_CACHE=0 writes nothing', () => {
    const main = path.join(dir, 'main.ts');
    fs.writeFileSync(main, entry('three'));
    const r = runTs(main, { PIPELINE_TS_CACHE_DIR: cache, PIPELINE_TS_CACHE: '0' });
    expect(JSON.parse(r.stdout)).toMatchObject({ out: 'THREE!' });
    expect(filesUnder(cache)).toEqual([]);
  });

  test('errors point at the TypeScript line, from cache as well as fresh', () => {
    const main = path.join(dir, 'main.ts');
    fs.writeFileSync(main, `import { shout } from './lib';\ntype T = { a: string };\n\nthrow new Error(shout('boom'));\n`);
    for (let i = 0; i < 2; i += 1) {
      const r = runTs(main, { PIPELINE_TS_CACHE_DIR: cache });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('BOOM!');
      expect(r.stderr).toContain(`${main}:4`);
    }
  });

  test('CommonJS modules using import() and require.resolve keep working under the code cache', () => {
    // A real import() (sucrase rewrites the one in .ts files): such modules are left to Node's compiler.
    fs.writeFileSync(path.join(dir, 'dyn.js'), `exports.load = () => import('node:path');\nexports.where = require.resolve('./lib.ts');\n`);
    const main = path.join(dir, 'main.ts');
    fs.writeFileSync(main, `import { load, where } from './dyn';\nload().then((m) => console.log(typeof m.join, where.endsWith('lib.ts')));\n`);
    for (let i = 0; i < 2; i += 1) {
      const r = runTs(main, { PIPELINE_TS_CACHE_DIR: cache });
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toBe('function true');
    }
  });
});
