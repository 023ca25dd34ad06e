import { runScript } from '../helpers/cli';

// GitHub maps annotations to files by workspace-relative path: findings must name the file as it
// was given on the command line, not as an absolute path of the machine that ran the check.
test.each(['github', 'text', 'json'])('--format %s names files as given, relative to the working directory', (format) => {
  const given = 'test/fixtures/validate/broken/dashboard--datasource--unprovisioned-uid.json';
  const r = runScript('validate-dashboards.ts', ['--format', format, given]);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain(given);
  expect(r.stdout).not.toContain(process.cwd());
});

test('a missing file is reported by the name given', () => {
  const r = runScript('validate-dashboards.ts', ['no/such/dashboard.json']);
  expect(r.code).toBe(2);
  expect(r.stderr.trim()).toBe('validate_dashboards: no/such/dashboard.json: no such file or directory');
});
