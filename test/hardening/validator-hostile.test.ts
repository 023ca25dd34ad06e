/**
 * Hostile dashboard files (see hostile-files.ts) against the validator: the library never
 * throws, the CLI answers with findings (exit 1) or a one-line message (exit 2), never a stack
 * trace, and a hostile file does not stop the other files of the same run from being checked.
 * The 50 MB file runs in a child process with a wall-clock bound, as CI would run it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CATALOGUE } from '../../src/cli/validate-dashboards';
import { loadCatalogue, validateDashboard } from '../../src/validate';
import { runScript, tempDir } from '../helpers/cli';
import { validatorCli } from './helpers';
import { HOSTILE_FILES, REAL_DASHBOARD, writeHostileFiles } from './hostile-files';

/** Far above normal (milliseconds); exceeding it means work that grows badly with the input. */
const CASE_BOUND_MS = 10_000;
const catalogue = loadCatalogue(DEFAULT_CATALOGUE);

/** Generated once per run, in a temp dir: some are large. */
const dir = tempDir('hostile-validator');
const IN_PROCESS = HOSTILE_FILES.filter((f) => f.name !== 'big-50mb.json');
const files = writeHostileFiles(dir, IN_PROCESS.map((f) => f.name));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[]) => validatorCli(args, dir);

/** Every stderr line is a located one-liner from the validator, not a stack trace. */
function expectOneLineMessages(stderr: string): void {
  for (const line of stderr.split('\n').filter(Boolean)) {
    expect(line).toMatch(/^validate_dashboards: /);
    expect(line).not.toMatch(/internal error|^\s+at /);
  }
}

describe('hostile files, in process', () => {
  test.each(IN_PROCESS.map((f) => [f.name, f]))('%s', async (_name, f) => {
    const file = files.get(f.name)!;
    const text = fs.readFileSync(file, 'utf8');
    // The library: findings, never an exception (stack overflow included).
    let findings: ReturnType<typeof validateDashboard> = [];
    const started = performance.now();
    expect(() => (findings = validateDashboard(text, { file: f.name, catalogue }))).not.toThrow();
    // A hang detector, not a speed test: every case takes well under a second when healthy.
    expect({ file: f.name, withinBound: performance.now() - started < CASE_BOUND_MS }).toEqual({ file: f.name, withinBound: true });
    expect(Array.isArray(findings)).toBe(true);
    for (const x of findings) {
      expect(['error', 'warning', 'info']).toContain(x.severity);
      expect(typeof x.message).toBe('string');
      expect(x.message.length).toBeLessThan(2000);
    }
    if (!f.exit.includes(0) && !f.bytesOnly) expect({ file: f.name, errorFinding: findings.some((x) => x.severity === 'error') }).toEqual({ file: f.name, errorFinding: true });
    // The CLI: the declared exit, at most one-line messages.
    const r = await cli([file, '--format', 'json']);
    expect({ file: f.name, code: r.code }).toEqual({ file: f.name, code: f.exit.includes(r.code) ? r.code : f.exit[0] });
    expectOneLineMessages(r.stderr);
    expect(JSON.parse(r.stdout).filesChecked).toBe(1);
  });
});

describe('hostile files mixed with a good one', () => {
  test('every file is still checked, and the good one has no findings', async () => {
    const good = path.join(dir, 'zz-good.json');
    fs.copyFileSync(REAL_DASHBOARD, good);
    const all = [...files.values(), good];
    const r = await cli([...all, '--format', 'json']);
    expect([1, 2]).toContain(r.code);
    expectOneLineMessages(r.stderr);
    const out = JSON.parse(r.stdout) as { filesChecked: number; findings: { file: string }[] };
    expect(out.filesChecked).toBe(all.length);
    expect(out.findings.filter((x) => x.file.endsWith('zz-good.json'))).toEqual([]);
  });
});

describe('the 50 MB dashboard, as a child process', () => {
  test('answers within the bound with exit 0 or 1', () => {
    const big = tempDir('hostile-big');
    try {
      const file = writeHostileFiles(big, ['big-50mb.json']).get('big-50mb.json')!;
      expect(fs.statSync(file).size).toBeGreaterThan(50 * 1024 * 1024);
      const r = runScript('validate-dashboards.ts', [file, '--format', 'json', '--quiet'], { timeoutMs: 45_000 });
      // null = killed by the timeout: the validator hung (quadratic work per panel).
      expect({ code: r.code, stderr: r.stderr.slice(0, 500) }).toEqual({ code: r.code === 0 ? 0 : 1, stderr: '' });
      expect(JSON.parse(r.stdout).filesChecked).toBe(1);
    } finally {
      fs.rmSync(big, { recursive: true, force: true });
    }
  }, 90_000);
});
