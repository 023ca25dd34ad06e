/**
 * Evidence: (a) our generated dashboards have zero findings; (b) every error-level finding on the
 * third-party corpus under --no-catalogue is in the reviewed table, whose precision is asserted; (c) every committed
 * broken dashboard is found at its pointer by the real CLI with exit 1.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateFile } from '../../src/validate/engine';
import { main } from '../../src/cli/validate-dashboards';
import { runScript } from '../helpers/cli';
import { ROOT } from './cases';
import { sharedDir } from '../helpers/shared';

const CORPUS = sharedDir('corpus/dashboards', 'the validator checks over real third-party dashboards');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'validate');

test('(a) generated dashboards: zero findings of any severity, exit 0 (real CLI, project catalogue and provisioning)', () => {
  const r = runScript('validate-dashboards.ts', ['--format', 'json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const out = JSON.parse(r.stdout) as { filesChecked: number; findings: unknown[] };
  expect(out.filesChecked).toBeGreaterThan(0);
  expect(out.findings).toEqual([]);
});

(CORPUS ? describe : describe.skip)('(b) third-party corpus with --no-catalogue: every error reviewed', () => {
  type Reviewed = { rule: string; pointer: string; verdict: 'defect' | 'false'; reason: string };
  const expectations = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'corpus-expectations.json'), 'utf8')) as { files: Record<string, Reviewed[]> };
  const files = CORPUS ? fs.readdirSync(CORPUS).filter((f) => f.endsWith('.json')).sort() : [];
  const reviewed = Object.values(expectations.files).flat();

  test('the corpus is present', () => {
    expect(files.length).toBeGreaterThanOrEqual(133);
  });

  test('every reviewed finding names a corpus file, a verdict and a reason', () => {
    for (const [file, list] of Object.entries(expectations.files)) {
      expect(files).toContain(file);
      for (const e of list) {
        expect(['defect', 'false']).toContain(e.verdict);
        expect(e.reason.length).toBeGreaterThan(20);
      }
    }
  });

  test('error-level precision is at least 95 %', () => {
    const defects = reviewed.filter((e) => e.verdict === 'defect').length;
    expect(reviewed.length).toBeGreaterThan(0);
    expect(defects / reviewed.length).toBeGreaterThanOrEqual(0.95);
  });

  test.each(files)('%s: errors are exactly the reviewed ones', (file) => {
    const errors = validateFile(path.join(CORPUS!, file), { catalogue: null, file }).filter((f) => f.severity === 'error');
    const key = (e: { rule: string; pointer: string }): string => `${e.rule} ${e.pointer}`;
    expect(errors.map(key).sort()).toEqual((expectations.files[file] ?? []).map(key).sort());
  });
});

describe('(c) broken dashboards through the real CLI', () => {
  const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'broken-expected.json'), 'utf8')) as { file: string; rule: string; pointer: string; severity: string; line?: number; column?: number }[];

  test('one fixture per rule at least, and nothing unlisted in the folder', () => {
    expect(fs.readdirSync(path.join(FIXTURES, 'broken')).sort()).toEqual(expected.map((e) => e.file).sort());
    expect(new Set(expected.map((e) => e.rule)).size).toBeGreaterThanOrEqual(28);
  });

  // One child process for all fixtures (JSON output), then one per severity class for exit codes.
  const all = runScript('validate-dashboards.ts', ['--format', 'json', path.join(FIXTURES, 'broken')]);
  const findings = (JSON.parse(all.stdout || '{"findings":[]}') as { findings: { file: string; rule: string; pointer: string; severity: string; line: number; column: number }[] }).findings;

  test('the folder run exits 1', () => expect(all.code).toBe(1));

  test.each(expected.map((e) => [e.file, e] as const))('%s', (_f, e) => {
    const hit = findings.find((f) => path.basename(f.file) === e.file && f.rule === e.rule && f.pointer === e.pointer);
    expect(hit && { rule: hit.rule, pointer: hit.pointer, severity: hit.severity }).toEqual({ rule: e.rule, pointer: e.pointer, severity: e.severity });
    if (e.line !== undefined) expect([hit!.line, hit!.column]).toEqual([e.line, e.column]);
  });

  // Exit codes per fixture through the CLI's main() in-process (child-process exit codes: cli.test.ts).
  test.each(expected.filter((e) => e.severity !== 'info').map((e) => [e.file, e] as const))('exit 1: %s', async (_f, e) => {
    const args = e.severity === 'error' ? [] : ['--max-warnings', '0'];
    let out = '';
    const code = await main(['--quiet', '--format', 'json', ...args, path.join(FIXTURES, 'broken', e.file)], { stdout: (s) => (out += s), stderr: () => {}, cwd: ROOT, colour: false });
    expect(code).toBe(1);
    expect(out.length).toBeGreaterThan(0);
  });
});
