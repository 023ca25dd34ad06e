import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LOADER, ROOT, tempDir } from './helpers/cli';

// A dashboards folder inside the repository, so its module resolves the SDK like dashboards/ does.
const dir = path.join(ROOT, 'test', `.watch-tmp-${process.pid}`);
const moduleSource = (title: string) =>
  `import base from '../../dashboards/pipeline';\nexport default { build: () => ({ ...base.build(), uid: 'watched', title: ${JSON.stringify(title)} }) };\n`;

function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (predicate()) return resolve();
      if (Date.now() > deadline) return reject(new Error('timed out'));
      setTimeout(tick, 25);
    };
    tick();
  });
}

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('--watch rebuilds on save, keeps the last good output on a broken save, and stops on SIGTERM', async () => {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'watched.ts'), moduleSource('First title'));
  const out = tempDir('watch');
  const output = path.join(out, 'dashboards', 'watched.json');
  const child = spawn(process.execPath, ['-r', LOADER, 'scripts/build-dashboards.ts', '--watch', '--out', out, '--dashboards', dir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    await waitFor(() => stdout.includes('watching'), 20_000);
    expect(JSON.parse(fs.readFileSync(output, 'utf8')).title).toBe('First title');

    fs.writeFileSync(path.join(dir, 'watched.ts'), moduleSource('Second title'));
    await waitFor(() => fs.readFileSync(output, 'utf8').includes('Second title'), 10_000);

    // A broken save reports the error and leaves the previous output in place.
    fs.writeFileSync(path.join(dir, 'watched.ts'), `throw new Error('half-typed edit');\n`);
    await waitFor(() => stderr.includes('half-typed edit'), 10_000);
    expect(JSON.parse(fs.readFileSync(output, 'utf8')).title).toBe('Second title');

    // And the next good save recovers.
    fs.writeFileSync(path.join(dir, 'watched.ts'), moduleSource('Third title'));
    await waitFor(() => fs.readFileSync(output, 'utf8').includes('Third title'), 10_000);
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
});

test('--watch survives atomic (write temp + rename) saves and new files, validates what it wrote and reports type errors', async () => {
  // Not a dot folder: the type check (tsconfig include) must see it.
  const atomicDir = path.join(ROOT, 'test', `watch-tmp-${process.pid}`);
  fs.mkdirSync(atomicDir, { recursive: true });
  const file = path.join(atomicDir, 'watched.ts');
  fs.writeFileSync(file, moduleSource('First title'));
  const out = tempDir('watch-atomic');
  const output = path.join(out, 'dashboards', 'watched.json');
  const child = spawn(process.execPath, ['-r', LOADER, 'scripts/build-dashboards.ts', '--watch', '--out', out, '--dashboards', atomicDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stdout += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  // What sed -i and editors' safe-write do: a new inode renamed over the old name.
  const mvSave = (source: string) => {
    const temp = path.join(atomicDir, `.watched.ts.${process.pid}.tmp`);
    fs.writeFileSync(temp, source);
    fs.renameSync(temp, file);
  };
  try {
    await waitFor(() => stdout.includes('watching'), 20_000);
    for (const title of ['Second title', 'Third title', 'Fourth title']) {
      mvSave(moduleSource(title));
      await waitFor(() => fs.readFileSync(output, 'utf8').includes(title), 10_000);
    }
    await waitFor(() => /validated in \d+ ms: .*1 file\(s\) checked: 0 error\(s\)/s.test(stdout), 10_000);

    // A file created after the watch started is built too.
    fs.writeFileSync(path.join(atomicDir, 'added.ts'), moduleSource('Added').replace("uid: 'watched'", "uid: 'added'"));
    await waitFor(() => fs.existsSync(path.join(out, 'dashboards', 'added.json')), 10_000);

    // A type error in a saved file is reported by the background type check.
    mvSave(`${moduleSource('Fifth title')}const wrong: number = 'text';\nexport { wrong };\n`);
    await waitFor(() => /types: .*watched\.ts\(\d+,\d+\): error TS2322/.test(stdout), 120_000);
    expect(stdout).toMatch(/types: [1-9]\d* error\(s\) in changed files/);
  } finally {
    child.kill('SIGTERM');
    fs.rmSync(atomicDir, { recursive: true, force: true });
  }
  expect(await exited).toBe(0);
}, 180_000);
