/** `npm run new-dashboard`: the scaffold builds and passes the validator as written; bad names and existing files are usage errors. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, runScript, tempDir } from './helpers/cli';

/** A project folder whose dashboards/ is empty and whose src/ and node_modules are this project's. */
function scratchProject(): { dashboards: string; out: string } {
  const dir = tempDir('scaffold');
  fs.symlinkSync(path.join(ROOT, 'src'), path.join(dir, 'src'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  fs.mkdirSync(path.join(dir, 'dashboards'));
  return { dashboards: path.join(dir, 'dashboards'), out: path.join(dir, 'generated') };
}

test('the scaffold builds and validates with no findings', () => {
  const { dashboards, out } = scratchProject();
  const made = runScript('new-dashboard.ts', ['queue-health', '--dashboards', dashboards]);
  expect(made).toMatchObject({ code: 0, stderr: '' });
  expect(made.stdout).toContain('queue-health.ts (uid queue-health)');
  const built = runScript('build-dashboards.ts', ['--dashboards', dashboards, '--out', out]);
  expect({ code: built.code, stderr: built.stderr }).toEqual({ code: 0, stderr: '' });
  const json = JSON.parse(fs.readFileSync(path.join(out, 'dashboards', 'queue-health.json'), 'utf8')) as { title: string; templating: { list: { name: string }[] } };
  expect(json.title).toBe('Queue Health');
  expect(json.templating.list.map((v) => v.name)).toEqual(['prometheus_ds', 'environment', 'host_region', 'backend']);
  const checked = runScript('validate-dashboards.ts', [
    path.join(out, 'dashboards'),
    '--catalogue',
    path.join(out, 'catalogue.json'),
    '--datasources',
    path.join(out, 'provisioning'),
    '--max-warnings',
    '0',
  ]);
  expect({ code: checked.code, stdout: checked.stdout }).toEqual({ code: 0, stdout: expect.stringContaining('0 error(s), 0 warning(s), 0 info') });
});

test.each([
  [['Bad_Name'], 'invalid NAME "Bad_Name"'],
  [[], 'expected one NAME'],
  [['a', 'b'], 'expected one NAME, got 2'],
])('bad arguments %j: exit 2', (args, message) => {
  const { dashboards } = scratchProject();
  const r = runScript('new-dashboard.ts', [...args, '--dashboards', dashboards]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(message);
  expect(fs.readdirSync(dashboards)).toEqual([]);
});

test('an existing file is never overwritten', () => {
  const { dashboards } = scratchProject();
  fs.writeFileSync(path.join(dashboards, 'mine.ts'), 'keep me\n');
  const r = runScript('new-dashboard.ts', ['mine', '--dashboards', dashboards]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('file exists');
  expect(fs.readFileSync(path.join(dashboards, 'mine.ts'), 'utf8')).toBe('keep me\n');
});
