/**
 * Hostile uids and titles in dashboard modules: nothing escapes the output folder, nothing
 * collides (also on case-insensitive file systems), and every refusal happens before a single
 * byte is written. The fixture `env-dashboard` takes its uid and title from the environment
 * (base64), so any bytes can be tried, both in process and through the real CLI.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BuildError, planBuild, writePlan } from '../../src/build/build';
import { runScript, tempDir } from '../helpers/cli';
import { FIXTURES, isInside, listTree } from './helpers';

const ENV_DASHBOARD = path.join(FIXTURES, 'env-dashboard');
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

function withDashboard<T>(uid: string, title: string, fn: () => T): T {
  const saved = { uid: process.env.HARDENING_UID_B64, title: process.env.HARDENING_TITLE_B64 };
  process.env.HARDENING_UID_B64 = b64(uid);
  process.env.HARDENING_TITLE_B64 = b64(title);
  try {
    return fn();
  } finally {
    process.env.HARDENING_UID_B64 = saved.uid;
    process.env.HARDENING_TITLE_B64 = saved.title;
    if (saved.uid === undefined) delete process.env.HARDENING_UID_B64;
    if (saved.title === undefined) delete process.env.HARDENING_TITLE_B64;
  }
}

function buildError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(BuildError);
    return (error as Error).message;
  }
  throw new Error('expected a BuildError');
}

/** A pre-filled output folder and a sibling file that an escaping write would hit. */
function prefilledOut(): { out: string; sentinel: string; before: string[] } {
  const parent = tempDir('hostile');
  const out = path.join(parent, 'generated');
  fs.mkdirSync(path.join(out, 'dashboards'), { recursive: true });
  fs.writeFileSync(path.join(out, 'dashboards', 'existing.json'), '{"uid":"existing"}\n');
  const sentinel = path.join(parent, 'escape.json');
  return { out, sentinel, before: fs.readdirSync(parent).sort() };
}

const REFUSED_UIDS: [string, string][] = [
  ['path traversal', '../escape'],
  ['deeper traversal', '../../../../tmp/escape'],
  ['dot-dot alone', '..'],
  ['single dot', '.'],
  ['slash', 'a/b'],
  ['backslash', 'a\\b'],
  ['absolute path', '/etc/passwd'],
  ['NUL byte', 'a\u0000b'],
  ['newline', 'a\nb'],
  ['empty', ''],
  ['blank', '   '],
  ['41 characters (Grafana allows 40)', 'a'.repeat(41)],
  ['very long', 'x'.repeat(100_000)],
  ['unicode letters', 'überwachung'],
  ['unicode look-alike of a safe uid', 'compile-pipeline-overvie\u0432'],
  ['right-to-left override', 'abc\u202Enosj.exe'],
  ['emoji', 'pipeline-🚀'],
  ['dot in name', 'a.json'],
  ['leading dot (hidden file)', '.hidden'],
  ['space', 'a b'],
  ['Windows device name', 'CON'],
  ['Windows device name, lower case', 'nul'],
  ['Windows device name with digit', 'com1'],
];

describe('hostile dashboard uids are refused before anything is written', () => {
  test.each(REFUSED_UIDS)('%s', (_name, uid) => {
    const message = withDashboard(uid, 'A fine title', () => buildError(() => planBuild({ dashboardsDir: ENV_DASHBOARD })));
    expect(message).toMatch(/env-dashboard[/\\]dashboard\.ts: dashboard uid/);
    // The message is one line, whatever the uid holds (JSON-escaped).
    expect(message).not.toMatch(/[\n\r]/);
    expect(message).not.toContain('\u0000');
  });

  test.each([['path traversal', '../escape'], ['NUL byte', 'a\u0000b'], ['Windows device name', 'CON']])(
    'through the CLI (%s): exit 1, pre-filled output untouched, nothing beside it',
    (_name, uid) => {
      const { out, sentinel, before } = prefilledOut();
      const snapshot = listTree(out);
      const r = runScript('build-dashboards.ts', ['--out', out, '--dashboards', ENV_DASHBOARD], {
        env: { HARDENING_UID_B64: b64(uid), HARDENING_TITLE_B64: b64('Title') },
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/dashboard uid/);
      expect(r.stderr).toContain('nothing was written');
      expect(listTree(out)).toEqual(snapshot);
      expect(fs.existsSync(sentinel)).toBe(false);
      expect(fs.readdirSync(path.dirname(out)).sort()).toEqual(before);
    },
  );
});

const ACCEPTED_TITLES: [string, string][] = [
  ['path traversal', '../../../../etc/passwd'],
  ['slashes and backslashes', 'a/b\\c/../d'],
  ['unicode', 'Überwachung 監視 パイプライン 🚀'],
  ['right-to-left text', 'לוח מחוונים'],
  ['right-to-left override', 'abc\u202Enosj.exe'],
  ['very long', 'T'.repeat(10_000)],
  ['YAML and JSON syntax', '"x": y # z {a: b} - [c] &anchor *alias !tag |'],
  ['template syntax', '${GF_SECURITY_ADMIN_PASSWORD} {{.Values}} $__all'],
  ['HTML', '<script>alert(1)</script>'],
];

describe('hostile titles are data: written verbatim inside the dashboard JSON, never into a path', () => {
  test.each(ACCEPTED_TITLES)('%s', (_name, title) => {
    const uid = 'hostile-title';
    const plan = withDashboard(uid, title, () => planBuild({ dashboardsDir: ENV_DASHBOARD }));
    const { out, sentinel, before } = prefilledOut();
    writePlan(plan, out);
    // Every output path is inside the output folder and named by the uid, not the title.
    for (const rel of plan.files.keys()) expect(isInside(out, path.join(out, rel))).toBe(true);
    expect([...plan.files.keys()].filter((rel) => rel.startsWith('dashboards/'))).toEqual([`dashboards/${uid}.json`]);
    const written = JSON.parse(fs.readFileSync(path.join(out, 'dashboards', `${uid}.json`), 'utf8'));
    expect(written.title).toBe(title);
    expect(written.uid).toBe(uid);
    expect(fs.existsSync(sentinel)).toBe(false);
    expect(fs.readdirSync(path.dirname(out)).sort()).toEqual(before);
    // Provisioning does not take titles from dashboards: same bytes whatever the title.
    expect(plan.files.get('provisioning/dashboards/compile-pipeline.yaml')).toBe(planBuild().files.get('provisioning/dashboards/compile-pipeline.yaml'));
  });

  test.each([
    ['NUL', 'a\u0000b'],
    ['newline', 'first line\nsecond: line'],
    ['carriage return', 'a\rb'],
    ['escape sequence', '\u001b[31mred'],
    ['blank', '  '],
  ])('a title with a control character or no text is refused (%s)', (_name, title) => {
    const message = withDashboard('fine-uid', title, () => buildError(() => planBuild({ dashboardsDir: ENV_DASHBOARD })));
    expect(message).toMatch(/dashboard title/);
    expect(message).not.toMatch(/[\n\r]/);
    for (const control of ['\u0000', '\u001b']) expect(message).not.toContain(control);
  });
});

describe('collisions between dashboards', () => {
  test('duplicate uids across files: error before anything is written', () => {
    const { out } = prefilledOut();
    const snapshot = listTree(out);
    const r = runScript('build-dashboards.ts', ['--out', out, '--dashboards', path.join(FIXTURES, '..', 'duplicate-uid')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/duplicate dashboard uid "compile-pipeline-overview"/);
    expect(listTree(out)).toEqual(snapshot);
  });

  test('uids differing only in case are refused: they would overwrite each other on macOS and Windows', () => {
    const message = buildError(() => planBuild({ dashboardsDir: path.join(FIXTURES, 'case-collision') }));
    expect(message).toMatch(/b\.ts: dashboard uid "hardening-case" differs only in case from "Hardening-Case" \(defined in .*a\.ts\)/);
    const { out } = prefilledOut();
    const snapshot = listTree(out);
    const r = runScript('build-dashboards.ts', ['--out', out, '--dashboards', path.join(FIXTURES, 'case-collision')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('case-insensitive file systems');
    expect(listTree(out)).toEqual(snapshot);
  });

  test('titles equal up to case and surrounding spaces are refused: Grafana wants unique titles per folder', () => {
    const message = buildError(() => planBuild({ dashboardsDir: path.join(FIXTURES, 'duplicate-title') }));
    expect(message).toMatch(/b\.ts: duplicate dashboard title " same title " \(also used in .*a\.ts\)/);
  });
});
