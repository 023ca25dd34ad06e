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

/** Processes forked by pid (Linux /proc: the type checker the watch process starts). */
function childrenOf(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** False once the process is gone or a zombie (it exited; only its entry is left to be reaped). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function startWatch(dashboardsDir: string, out: string) {
  const child = spawn(process.execPath, ['-r', LOADER, 'scripts/build-dashboards.ts', '--watch', '--out', out, '--dashboards', dashboardsDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = { text: '' };
  child.stdout.on('data', (d) => (log.text += d));
  child.stderr.on('data', (d) => (log.text += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, log, exited };
}

test('--watch picks up atomic saves, new and deleted files, validates what it wrote and reports type errors as they come and go', async () => {
  // Not a dot folder: the type check (tsconfig include) must see it.
  const atomicDir = path.join(ROOT, 'test', `watch-tmp-${process.pid}`);
  const rel = path.relative(ROOT, atomicDir).split(path.sep).join('/');
  fs.mkdirSync(atomicDir, { recursive: true });
  const file = path.join(atomicDir, 'watched.ts');
  const added = path.join(atomicDir, 'added.ts');
  fs.writeFileSync(file, moduleSource('First title'));
  // Not dashboards (a sub-folder): a module and one that imports it, for the type check of a deletion.
  fs.mkdirSync(path.join(atomicDir, 'lib'));
  fs.writeFileSync(path.join(atomicDir, 'lib', 'title.ts'), `export const title = 'lib';\n`);
  fs.writeFileSync(path.join(atomicDir, 'lib', 'uses-title.ts'), `import { title } from './title';\nexport const upper = title.toUpperCase();\n`);
  const out = tempDir('watch-atomic');
  const output = path.join(out, 'dashboards', 'watched.json');
  const { child, log, exited } = startWatch(atomicDir, out);
  // What sed -i and editors' safe-write do: a new inode renamed over the old name.
  const mvSave = (source: string) => {
    const temp = path.join(atomicDir, `.watched.ts.${process.pid}.tmp`);
    fs.writeFileSync(temp, source);
    fs.renameSync(temp, file);
  };
  const titleIs = (title: string) => () => fs.readFileSync(output, 'utf8').includes(title);
  /** What the watch printed after mark(). */
  let mark = 0;
  const since = () => log.text.slice(mark);
  let checker: number[] = [];
  try {
    await waitFor(() => log.text.includes('watching'), 20_000);
    // The save right after "watching" is the one a late watcher (or one set up after a slow child start) would miss.
    for (const title of ['Second title', 'Third title', 'Fourth title']) {
      mvSave(moduleSource(title));
      await waitFor(titleIs(title), 10_000);
    }
    await waitFor(() => /validated in \d+ ms: .*1 file\(s\) checked: 0 error\(s\)/s.test(log.text), 10_000);

    // A type error in a saved file: reported with file:line:col by the type checker, however busy it still is with its first pass.
    // (The checker reads a file when it checks it, so an answer may already reflect a later save: wait for the line itself.)
    mark = log.text.length;
    mvSave(`${moduleSource('Fifth title')}const wrong: number = 'text';\nexport { wrong };\n`);
    await waitFor(titleIs('Fifth title'), 10_000);
    const wrong = `types: ${rel}/watched.ts:3:7 error TS2322: Type 'string' is not assignable to type 'number'.\ntypes: 1 error(s) in changed files (`;
    await waitFor(() => since().includes(wrong), 120_000);
    checker = childrenOf(child.pid!);
    expect(checker).toHaveLength(1);

    // Fixed by the next save. Every later check of watched.ts sees the fix, so a 0 here is this save's.
    mark = log.text.length;
    mvSave(moduleSource('Sixth title'));
    await waitFor(titleIs('Sixth title'), 10_000);
    await waitFor(() => since().includes('types: 0 error(s) in changed files ('), 60_000);

    // A file created after the watch started is built, and type-checked: the checker's file list follows.
    mark = log.text.length;
    fs.writeFileSync(added, `${moduleSource('Added').replace("uid: 'watched'", "uid: 'added'")}export const size: string = 1;\n`);
    await waitFor(() => fs.existsSync(path.join(out, 'dashboards', 'added.json')), 10_000);
    await waitFor(() => since().includes(`types: ${rel}/added.ts:3:14 error TS2322: Type 'number' is not assignable to type 'string'.`), 60_000);

    // Deleted: its output goes, and so does its error (no check of it, no count of it elsewhere).
    mark = log.text.length;
    fs.rmSync(added);
    await waitFor(() => !fs.existsSync(path.join(out, 'dashboards', 'added.json')), 10_000);
    await waitFor(() => since().includes('types: 0 error(s) in changed files ('), 60_000);

    // A deleted module breaks the one importing it: found when the files that may have broken are re-checked.
    mark = log.text.length;
    fs.rmSync(path.join(atomicDir, 'lib', 'title.ts'));
    await waitFor(() => since().includes(`types: ${rel}/lib/uses-title.ts:1:23 error TS2307: Cannot find module './title'`), 120_000);

    // A folder moved in with a file already in it (mv, a branch switch): no event ever names the file, and it is seen all the same.
    mark = log.text.length;
    const staged = path.join(atomicDir, '.staging', 'late');
    fs.mkdirSync(staged, { recursive: true });
    fs.writeFileSync(path.join(staged, 'part.ts'), `export const part = 1;\n`);
    fs.renameSync(staged, path.join(atomicDir, 'late'));
    await waitFor(() => new RegExp(`change: .*${rel}/late/part\\.ts`).test(since()), 10_000);

    // And saves go on being seen.
    for (const title of ['Seventh title', 'Eighth title']) {
      mvSave(moduleSource(title));
      await waitFor(titleIs(title), 10_000);
    }
  } catch (error) {
    // What the watch printed is what explains a failure here.
    (error as Error).message += `\n--- watch output ---\n${log.text}`;
    throw error;
  } finally {
    child.kill('SIGTERM');
    fs.rmSync(atomicDir, { recursive: true, force: true });
  }
  expect(await exited).toBe(0);
  // The type checker went with it.
  await waitFor(() => checker.every((pid) => !alive(pid)), 10_000);
}, 300_000);

test('the type checker exits when the watch process dies without stopping it (SIGKILL)', async () => {
  const { child, log, exited } = startWatch(path.join(ROOT, 'dashboards'), tempDir('watch-kill'));
  await waitFor(() => log.text.includes('watching'), 20_000);
  // It is forked as the watch starts, to check the whole project before the first save.
  await waitFor(() => childrenOf(child.pid!).length === 1, 10_000);
  const [checker] = childrenOf(child.pid!);
  child.kill('SIGKILL');
  await exited;
  // Its IPC channel closed: it notices between two files and exits.
  await waitFor(() => !alive(checker!), 60_000);
}, 90_000);
