/**
 * Property tests of the validator on mutated real dashboards (fuzz-validator.ts holds the
 * mutations). The library cases run in one plain Node process (several times faster than inside
 * jest's sandbox); a smaller set of mutated files goes through the real CLI as child processes:
 * exit code always 0, 1 or 2, never a stack trace, every file checked.
 */
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, runScript, tempDir } from '../helpers/cli';
import { apply, clone, CORPUS_DIR, loadBases, mutation, type FuzzReport } from './fuzz-validator';
import { FULL, prng, SEED } from './helpers';

const STRUCTURAL_RUNS = FULL ? 5000 : 250;
const TEXT_RUNS = FULL ? 5000 : 400;
const CLI_FILES = FULL ? 200 : 24;

describe(`validator fuzzing (seed ${SEED})`, () => {
  test(`validateDashboard never throws or hangs: ${STRUCTURAL_RUNS} structural + ${TEXT_RUNS} text mutations`, () => {
    const r = runScript('../test/hardening/fuzz-validator.ts', [JSON.stringify({ seed: SEED, structural: STRUCTURAL_RUNS, text: TEXT_RUNS, full: FULL })], { timeoutMs: FULL ? 1_800_000 : 120_000 });
    // The child imports the same corpus helper: its SKIPPED line repeats the one this suite printed.
    const stderr = r.stderr.replace(/^SKIPPED: \.\.\/shared\/.*\n/gm, '');
    expect({ code: r.code, stderr: stderr.slice(0, 2000) }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(r.stdout) as FuzzReport;
    console.log(
      `validator fuzz: ${report.bases} bases, ${report.structuralCases} structural + ${report.textCases} text cases, ${report.validations} validations ` +
        `in ${report.validatorSeconds.toFixed(1)} s, slowest ${report.slowestMs.toFixed(0)} ms (${report.slowest})`,
    );
    expect(report.failures).toEqual([]);
    expect(report.structuralCases).toBe(STRUCTURAL_RUNS);
    expect(report.textCases).toBe(TEXT_RUNS);
    // Every generated dashboard, plus a spread of the corpus when it is there.
    expect(report.bases).toBeGreaterThan(CORPUS_DIR ? (FULL ? 50 : 5) : 3);
  }, 1_900_000);

  test(`the CLI exits 0, 1 or 2 on mutated files, never with a stack trace (${CLI_FILES} files, child processes)`, () => {
    const bases = loadBases(false);
    const dir = tempDir('fuzz-cli');
    try {
      const random = prng(SEED);
      const mutated = fc.tuple(fc.nat({ max: bases.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }));
      const sample = fc.sample(mutated, { seed: SEED, numRuns: CLI_FILES });
      const written = sample.map(([bi, ms], i) => {
        let json = clone(bases[bi]!.json);
        for (const m of ms) json = apply(json, m);
        let text = JSON.stringify(json, null, 2);
        // A third of the files are also damaged as text.
        if (random() < 0.33) text = text.slice(0, Math.floor(random() * text.length));
        const file = path.join(dir, `case-${String(i).padStart(3, '0')}.json`);
        fs.writeFileSync(file, text);
        return file;
      });
      // All files in one run (each still checked), then a few one by one.
      const together = runScript('validate-dashboards.ts', [dir, '--format', 'json'], { timeoutMs: 60_000 });
      expect([0, 1, 2]).toContain(together.code);
      expect(together.stderr).not.toMatch(/internal error|\n\s+at /);
      // A mutation can leave `{}` or another object with no dashboard key: such files are skipped, and counted on stderr.
      const skipped = Number(/skipped (\d+) JSON file/.exec(together.stderr)?.[1] ?? 0);
      expect(skipped).toBeLessThan(CLI_FILES);
      expect(JSON.parse(together.stdout).filesChecked + skipped).toBe(CLI_FILES);
      for (const file of written.slice(0, FULL ? 20 : 4)) {
        const r = runScript('validate-dashboards.ts', [file], { timeoutMs: 30_000, cwd: ROOT });
        expect({ file, code: [0, 1, 2].includes(r.code ?? -1) }).toEqual({ file, code: true });
        expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
