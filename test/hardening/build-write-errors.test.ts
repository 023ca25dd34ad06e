/**
 * Write errors during a build: a full disk (ENOSPC), a read-only file system (EROFS) and a
 * folder the build may not write (EACCES) each give one line and exit 2, and leave generated/
 * byte-for-byte as it was (the new set is staged first, then swapped in; nothing is half
 * replaced). `--watch` reports the error and keeps watching.
 *
 * Real file systems, no mocks: a small tmpfs in a private mount namespace (`unshare -m`, so the
 * mount disappears with the process even if the test dies), and an unprivileged uid for EACCES.
 * Both need root; elsewhere the suite says so and skips.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LOADER, ROOT, snapshotTree, tempDir } from '../helpers/cli';
import { canRunAsNobody, FIXTURES, NOBODY } from './helpers';

const PREVIOUS = path.join(FIXTURES, 'sigkill-previous');
const NEXT = path.join(FIXTURES, 'sigkill-new');
const SCRIPT = path.join(ROOT, 'scripts', 'build-dashboards.ts');
const isRoot = process.getuid?.() === 0;
const asNobody = canRunAsNobody();
const canMount = isRoot && spawnSync('unshare', ['-m', 'sh', '-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs "$d" && umount "$d" && rmdir "$d"']).status === 0;
if (!canMount) console.warn('SKIPPED (ENOSPC/EROFS cases): needs root and unshare -m to mount a private tmpfs');
if (!asNobody) console.warn('SKIPPED (EACCES cases): needs root to run the build as nobody, and a checkout nobody may read');

const build = `${JSON.stringify(process.execPath)} -r ${JSON.stringify(LOADER)} ${JSON.stringify(SCRIPT)}`;

/**
 * In a private tmpfs: build the previous set, make the file system fail (`fault`), build the new
 * set, copy what the output folder holds back out. Returns the second build's result.
 */
function buildOnFaultyFs(fault: (mnt: string) => string): { code: number; stderr: string; before: Map<string, string>; after: Map<string, string> } {
  const work = tempDir('write-errors');
  const mnt = path.join(work, 'mnt');
  const before = path.join(work, 'before');
  const after = path.join(work, 'after');
  fs.mkdirSync(mnt);
  const script = [
    'set -e',
    `mount -t tmpfs -o size=1m tmpfs ${mnt}`,
    `${build} --dashboards ${PREVIOUS} --out ${mnt}/generated >/dev/null`,
    `cp -a ${mnt}/generated ${before}`,
    fault(mnt),
    'set +e',
    `${build} --dashboards ${NEXT} --out ${mnt}/generated 2>${work}/stderr >/dev/null`,
    `echo $? > ${work}/code`,
    `cp -a ${mnt}/generated ${after}`,
  ].join('\n');
  const r = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, PIPELINE_TS_CACHE: '0' } });
  if (r.status !== 0) throw new Error(`set-up failed: ${r.stderr}`);
  return {
    code: Number(fs.readFileSync(path.join(work, 'code'), 'utf8')),
    stderr: fs.readFileSync(path.join(work, 'stderr'), 'utf8'),
    before: snapshotTree(before),
    after: snapshotTree(after),
  };
}

function expectUnchanged(before: Map<string, string>, after: Map<string, string>): void {
  expect(after).toEqual(before);
}

const maybe = (ok: boolean) => (ok ? test : test.skip);

function oneLine(stderr: string, code: string): void {
  const lines = stderr.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^build-dashboards: cannot write generated/dashboards/hardening-\\d\\.json: .*\\(${code}\\); nothing was replaced$`));
}

describe('build write errors: one line, exit 2, generated/ unchanged', () => {
  // Fill the file system, then free 48 KiB: the first new dashboards (24 KiB each) fit, a later one does not.
  maybe(canMount)('disk full while staging the new set (ENOSPC)', () => {
    const r = buildOnFaultyFs((mnt) => `dd if=/dev/zero of=${mnt}/fill bs=4k 2>/dev/null || true\ntruncate -s -48K ${mnt}/fill`);
    expect(r.code).toBe(2);
    oneLine(r.stderr, 'ENOSPC');
    expectUnchanged(r.before, r.after);
  });

  maybe(canMount)('read-only file system (EROFS)', () => {
    const r = buildOnFaultyFs((mnt) => `mount -o remount,ro ${mnt}`);
    expect(r.code).toBe(2);
    oneLine(r.stderr, 'EROFS');
    expectUnchanged(r.before, r.after);
  });

  maybe(asNobody)('output folder the build may not write (EACCES)', () => {
    const out = path.join(tempDir('write-eacces'), 'generated');
    fs.chmodSync(path.dirname(out), 0o755);
    const first = spawnSync(process.execPath, ['-r', LOADER, SCRIPT, '--dashboards', PREVIOUS, '--out', out], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PIPELINE_TS_CACHE: '0' } });
    expect(first.status).toBe(0);
    const before = snapshotTree(out);
    // Root bypasses permissions: the second build runs as nobody on a folder owned by root.
    const r = spawnSync(process.execPath, ['-r', LOADER, SCRIPT, '--dashboards', NEXT, '--out', out], { cwd: ROOT, encoding: 'utf8', uid: NOBODY, gid: NOBODY, env: { ...process.env, PIPELINE_TS_CACHE: '0' }, timeout: 60_000 });
    expect(r.status).toBe(2);
    oneLine(r.stderr.replace(/generated\/dashboards\/hardening-\d\.json/, 'generated/dashboards/hardening-1.json'), 'EACCES');
    expectUnchanged(before, snapshotTree(out));
  });
});

describe('--watch reports a write error and keeps watching', () => {
  maybe(asNobody)('EACCES on one rebuild, success on the next', async () => {
    const work = tempDir('watch-eacces');
    fs.chmodSync(work, 0o755);
    const dashboards = path.join(work, 'dashboards');
    fs.mkdirSync(dashboards);
    const dashboard = (n: number): string => `import { variant } from ${JSON.stringify(path.join(FIXTURES, 'variant'))};\nexport default variant('hardening-${n}', 'Hardening ${n}');\n`;
    fs.writeFileSync(path.join(dashboards, 'd1.ts'), dashboard(1));
    const out = path.join(work, 'generated');
    fs.mkdirSync(out);
    fs.chownSync(out, NOBODY, NOBODY);
    const child = spawn(process.execPath, ['-r', LOADER, SCRIPT, '--watch', '--dashboards', dashboards, '--out', out], {
      cwd: ROOT,
      uid: NOBODY,
      gid: NOBODY,
      env: { ...process.env, PIPELINE_TS_CACHE: '0' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const until = async (what: () => boolean, label: string): Promise<void> => {
      const deadline = Date.now() + 20_000;
      while (!what()) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`timed out waiting for ${label}\nstdout: ${stdout}\nstderr: ${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      await until(() => stdout.includes('watching'), 'the first build');
      expect(stdout).toMatch(/built 1 dashboard/);
      fs.chmodSync(path.join(out, 'dashboards'), 0o555);
      fs.writeFileSync(path.join(dashboards, 'd2.ts'), dashboard(2));
      await until(() => /cannot write/.test(stderr), 'the write error');
      expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^build-dashboards: cannot write generated\/dashboards\/hardening-2\.json: permission denied \(EACCES\); nothing was replaced$/)]);
      expect(fs.readdirSync(path.join(out, 'dashboards'))).toEqual(['hardening-1.json']);
      fs.chmodSync(path.join(out, 'dashboards'), 0o755);
      fs.appendFileSync(path.join(dashboards, 'd2.ts'), '\n');
      await until(() => /built 2 dashboard/.test(stdout), 'the rebuild after the fix');
      expect(fs.readdirSync(path.join(out, 'dashboards')).sort()).toEqual(['hardening-1.json', 'hardening-2.json']);
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
