/**
 * Bad paths given to the validator: missing file, directory without dashboards, unmatched glob,
 * symlink loop, unreadable file, a FIFO (whose read would block forever). Each gives exit 2 with
 * a one-line message naming the path, and the good file given in the same run is still checked.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { canRunAsNobody, NOBODY, validatorCli } from './helpers';
import { LOADER, ROOT, runScript, tempDir } from '../helpers/cli';
import { REAL_DASHBOARD } from './hostile-files';

const dir = tempDir('validator-paths');
const good = path.join(dir, 'good.json');
fs.copyFileSync(REAL_DASHBOARD, good);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[]) => validatorCli(args, dir);

async function expectExit2WithGoodChecked(bad: string, message: RegExp): Promise<void> {
  const r = await cli([bad, 'good.json', '--format', 'json']);
  expect(r.code).toBe(2);
  const lines = r.stderr.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^validate_dashboards: /);
  expect(lines[0]).toContain(bad);
  expect(lines[0]).toMatch(message);
  expect(lines[0]).not.toMatch(/internal error/);
  expect(JSON.parse(r.stdout)).toEqual({ filesChecked: 1, findings: [] });
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const asNobody = canRunAsNobody();
if (!asNobody) console.warn('SKIPPED (unreadable tree case): needs root to run the validator as nobody, and a checkout nobody may read');

describe('bad paths: exit 2, one line, other files still checked', () => {
  test('missing file', async () => {
    await expectExit2WithGoodChecked('missing.json', /no such file/);
  });

  test('directory with no dashboards', async () => {
    fs.mkdirSync(path.join(dir, 'empty-dir'));
    fs.writeFileSync(path.join(dir, 'empty-dir', 'README.md'), 'not a dashboard\n');
    await expectExit2WithGoodChecked('empty-dir', /no \.json files/);
  });

  test('unmatched glob', async () => {
    await expectExit2WithGoodChecked('nothing-here/**/*.json', /matched no files/);
  });

  test('symlink loop given as a path', async () => {
    fs.symlinkSync('loop-b.json', path.join(dir, 'loop-a.json'));
    fs.symlinkSync('loop-a.json', path.join(dir, 'loop-b.json'));
    await expectExit2WithGoodChecked('loop-a.json', /symbolic links|ELOOP/);
  });

  test('symlink loop inside a directory is not followed', async () => {
    const d = path.join(dir, 'with-loop');
    fs.mkdirSync(d);
    fs.copyFileSync(REAL_DASHBOARD, path.join(d, 'real.json'));
    fs.symlinkSync('.', path.join(d, 'self'));
    const r = await cli(['with-loop', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).filesChecked).toBe(1);
  });

  test('path through a file (not a directory)', async () => {
    await expectExit2WithGoodChecked('good.json/inner.json', /not a directory|ENOTDIR/);
  });

  // Tests run as root here, where chmod 000 does not stop a read; /proc/self/mem is a file
  // whose read fails (EIO) for every user, so a symlink to it is an unreadable dashboard.
  test(isRoot ? 'unreadable file (root: a symlink to /proc/self/mem, whose read fails with EIO)' : 'unreadable file (chmod 000)', async () => {
    const file = path.join(dir, 'unreadable.json');
    if (isRoot) {
      if (!fs.existsSync('/proc/self/mem')) return console.warn('skipped: running as root without /proc, so no file is unreadable');
      fs.symlinkSync('/proc/self/mem', file);
    } else {
      fs.writeFileSync(file, '{}');
      fs.chmodSync(file, 0o000);
    }
    await expectExit2WithGoodChecked('unreadable.json', /cannot read|EIO|EACCES|permission/i);
  });

  test('a FIFO named like a dashboard is refused, not read forever (child process, bounded)', () => {
    const fifo = path.join(dir, 'pipe.json');
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      return console.warn('skipped: mkfifo not available');
    }
    // Absolute paths: the child runs from the repository, where `-r sucrase/register/ts` resolves.
    const r = runScript('validate-dashboards.ts', [fifo, good, '--format', 'json'], { timeoutMs: 15_000 });
    // null = killed by the timeout: the read blocked waiting for a writer.
    expect({ code: r.code }).toEqual({ code: 2 });
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/pipe\.json.*not a regular file/);
    expect(JSON.parse(r.stdout).filesChecked).toBe(1);
  }, 30_000);
});

describe('unreadable folders and files inside a tree: one line each, everything else checked', () => {
  // Root reads everything: the run is made as nobody, which needs root to arrange.
  (asNobody ? test : test.skip)('a folder and a file nobody may read, beside two readable dashboards', () => {
    const tree = tempDir('validator-unreadable');
    fs.chmodSync(tree, 0o755);
    fs.mkdirSync(path.join(tree, 'a-readable'));
    fs.copyFileSync(REAL_DASHBOARD, path.join(tree, 'a-readable', 'one.json'));
    fs.mkdirSync(path.join(tree, 'b-locked'));
    fs.copyFileSync(REAL_DASHBOARD, path.join(tree, 'b-locked', 'hidden.json'));
    fs.chmodSync(path.join(tree, 'b-locked'), 0o000);
    fs.copyFileSync(REAL_DASHBOARD, path.join(tree, 'c-locked.json'));
    fs.chmodSync(path.join(tree, 'c-locked.json'), 0o000);
    fs.copyFileSync(REAL_DASHBOARD, path.join(tree, 'd-last.json'));
    for (const f of ['a-readable', 'a-readable/one.json', 'd-last.json']) fs.chmodSync(path.join(tree, f), f.endsWith('.json') ? 0o644 : 0o755);
    const r = spawnSync(process.execPath, ['-r', LOADER, path.join(ROOT, 'scripts', 'validate-dashboards.ts'), tree, '--format', 'json'], {
      cwd: ROOT,
      uid: NOBODY,
      gid: NOBODY,
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, PIPELINE_TS_CACHE: '0' },
    });
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      `validate_dashboards: ${path.join(tree, 'b-locked')}: cannot read folder: permission denied (EACCES)`,
      `validate_dashboards: ${path.join(tree, 'c-locked.json')}: cannot read: permission denied (EACCES)`,
    ]);
    expect(JSON.parse(r.stdout).filesChecked).toBe(2);
  });
});
