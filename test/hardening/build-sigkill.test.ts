/**
 * Crash safety of generated/: `build-dashboards` is killed with SIGKILL at random moments while
 * it replaces a previous complete output. After every kill each file must be byte-equal to its
 * previous or its new complete version, parse as JSON/YAML, and no temp file may carry a name
 * Grafana would load; the next normal build must succeed and leave exactly the new set.
 *
 * Two kinds of kill moments: "timed" kills spread over the whole process lifetime (most land
 * before or after the write phase, which is a few ms of a ~400 ms run), and "on-write" kills
 * fired a random 0-3 ms after the first file-system event in the output folder, which land
 * inside the write phase. The summary line reports how many runs were really interrupted mid-write.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { planBuild, writePlan, type BuildPlan } from '../../src/build/build';
import { ROOT, runScript, tempDir } from '../helpers/cli';
import { FIXTURES, FULL, listTree, prng, SEED, TEMP_FILE } from './helpers';

const RUNS = Number(process.env.HARDENING_KILL_RUNS ?? (FULL ? 200 : 40));
const PREVIOUS = path.join(FIXTURES, 'sigkill-previous');
const NEXT = path.join(FIXTURES, 'sigkill-new');
const SCRIPT = path.join(ROOT, 'scripts', 'build-dashboards.ts');

type Outcome = 'before' | 'mid-write' | 'after';

function referenceSet(dashboards: string): Map<string, Buffer> {
  const out = tempDir('sigkill-ref');
  const r = runScript('build-dashboards.ts', ['--out', out, '--dashboards', dashboards]);
  if (r.code !== 0) throw new Error(`reference build failed: ${r.stderr}`);
  return new Map(listTree(out).map((e) => [e.rel, e.bytes]));
}

/** Paths whose bytes differ between a tree and a reference set (jest's deep equality on Buffers is slow). */
function differences(tree: { rel: string; bytes: Buffer }[], expected: Map<string, Buffer>): string[] {
  const seen = new Set(tree.map((e) => e.rel));
  return [
    ...tree.filter((e) => !expected.get(e.rel)?.equals(e.bytes)).map((e) => `differs or extra: ${e.rel}`),
    ...[...expected.keys()].filter((rel) => !seen.has(rel)).map((rel) => `missing: ${rel}`),
  ];
}

interface Run {
  killed: boolean;
  code: number | null;
  ms: number;
}

/** Starts a build into `out` and SIGKILLs it per `mode`; resolves when the process is gone. */
function killedBuild(out: string, mode: 'timed' | 'on-write', delayMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['-r', 'sucrase/register/ts', SCRIPT, '--out', out, '--dashboards', NEXT], {
      cwd: ROOT,
      stdio: 'ignore',
    });
    const kill = () => child.kill('SIGKILL');
    let watcher: fs.FSWatcher | undefined;
    let timer: NodeJS.Timeout | undefined;
    if (mode === 'timed') {
      timer = setTimeout(kill, delayMs);
    } else {
      // The first event is the first temp file (or rename) of the write phase.
      watcher = fs.watch(path.join(out, 'dashboards'), () => {
        watcher?.close();
        watcher = undefined;
        timer = setTimeout(kill, delayMs);
      });
      // Safety net: a run that never writes still ends.
      setTimeout(() => watcher?.close(), 10_000).unref();
    }
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      watcher?.close();
      if (timer) clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', code, ms: Date.now() - started });
    });
  });
}

describe(`SIGKILL during build-dashboards (${RUNS} runs, seed ${SEED})`, () => {
  let previous: Map<string, Buffer>;
  let next: Map<string, Buffer>;
  let nextPlan: BuildPlan;
  let lifetimeMs: number;

  beforeAll(() => {
    previous = referenceSet(PREVIOUS);
    next = referenceSet(NEXT);
    nextPlan = planBuild({ dashboardsDir: NEXT });
    // Calibrate the timed kills on this machine: one uninterrupted run from the previous set.
    const out = tempDir('sigkill-cal');
    for (const [rel, bytes] of previous) {
      fs.mkdirSync(path.dirname(path.join(out, rel)), { recursive: true });
      fs.writeFileSync(path.join(out, rel), bytes);
    }
    const t0 = Date.now();
    runScript('build-dashboards.ts', ['--out', out, '--dashboards', NEXT]);
    lifetimeMs = Date.now() - t0;
  }, 60_000);

  test('the two reference sets really differ (old and new are tellable apart)', () => {
    const changed = [...next.keys()].filter((rel) => previous.has(rel) && !previous.get(rel)!.equals(next.get(rel)!));
    expect(changed.length).toBeGreaterThanOrEqual(2);
    expect([...previous.keys()].filter((rel) => !next.has(rel))).toEqual(['dashboards/hardening-stale.json']);
    expect([...next.keys()].filter((rel) => !previous.has(rel)).length).toBeGreaterThanOrEqual(2);
    // The in-process plan that repairs each run is the same bytes as the CLI's output.
    expect(differences([...nextPlan.files].map(([rel, s]) => ({ rel, bytes: Buffer.from(s) })), next)).toEqual([]);
  });

  test('every kill leaves only complete old or new files, and the next build repairs everything', async () => {
    const random = prng(SEED);
    const loopStart = Date.now();
    const outcomes: Record<Outcome, number> = { before: 0, 'mid-write': 0, after: 0 };
    let killed = 0;
    let leftoverTemps = 0;
    let cliRepairs = 0;
    let runMs = 0;
    for (let i = 0; i < RUNS; i++) {
      const out = tempDir('sigkill');
      for (const [rel, bytes] of previous) {
        fs.mkdirSync(path.dirname(path.join(out, rel)), { recursive: true });
        fs.writeFileSync(path.join(out, rel), bytes);
      }
      const mode = i % 2 === 0 ? 'timed' : 'on-write';
      const delay = mode === 'timed' ? random() * lifetimeMs * 1.5 : random() * 3;
      const run = await killedBuild(out, mode, delay);
      runMs += run.ms;
      if (run.killed) killed += 1;
      else expect(run.code).toBe(0);

      const where = `run ${i} (${mode}, ${delay.toFixed(1)} ms, seed ${SEED})`;
      const tree = listTree(out);
      let allPrevious = true;
      let allNext = true;
      const present = new Set<string>();
      for (const { rel, bytes } of tree) {
        const name = path.basename(rel);
        if (TEMP_FILE.test(name)) {
          // Grafana's file provider loads *.json; provisioning loads *.yaml / *.yml.
          expect({ where, name, loadable: /\.(json|ya?ml)$/.test(name) }).toEqual({ where, name, loadable: false });
          leftoverTemps += 1;
          allPrevious = allNext = false;
          continue;
        }
        present.add(rel);
        const isPrevious = previous.get(rel)?.equals(bytes) ?? false;
        const isNext = next.get(rel)?.equals(bytes) ?? false;
        expect({ where, rel, completeVersion: isPrevious || isNext }).toEqual({ where, rel, completeVersion: true });
        if (rel.endsWith('.json')) expect(() => JSON.parse(bytes.toString('utf8'))).not.toThrow();
        if (rel.endsWith('.yaml')) expect(() => parseYaml(bytes.toString('utf8'))).not.toThrow();
        allPrevious &&= isPrevious;
        allNext &&= isNext;
      }
      // Nothing of the previous set vanishes early: stale outputs are removed only after every
      // new file is in place.
      const nextComplete = [...next.keys()].every((rel) => present.has(rel) && next.get(rel)!.equals(fs.readFileSync(path.join(out, rel))));
      for (const rel of previous.keys()) {
        if (!present.has(rel)) expect({ where, rel, removedBeforeNewSetComplete: !nextComplete }).toEqual({ where, rel, removedBeforeNewSetComplete: false });
      }
      const isPreviousSet = allPrevious && present.size === previous.size;
      const isNextSet = allNext && present.size === next.size;
      outcomes[isPreviousSet ? 'before' : isNextSet ? 'after' : 'mid-write'] += 1;

      // The next normal build succeeds, removes the dead run's temp files and leaves exactly the new set.
      if (!isPreviousSet && !isNextSet && cliRepairs < 3) {
        cliRepairs += 1;
        const r = runScript('build-dashboards.ts', ['--out', out, '--dashboards', NEXT]);
        expect({ where, code: r.code, stderr: r.stderr }).toEqual({ where, code: 0, stderr: '' });
      } else {
        writePlan(nextPlan, out);
      }
      expect({ where, differences: differences(listTree(out), next) }).toEqual({ where, differences: [] });
      fs.rmSync(out, { recursive: true, force: true });
    }
    const timing = { lifetimeMs, avgRunMs: Math.round(runMs / RUNS), loopMs: Date.now() - loopStart };
    const summary = { runs: RUNS, seed: SEED, killed, exitedNormally: RUNS - killed, ...outcomes, leftoverTemps, ...timing };
    console.log(`sigkill summary ${JSON.stringify(summary)}`);
    // The on-write kills must actually exercise the write phase, or this test proves little.
    expect(outcomes['mid-write']).toBeGreaterThan(0);
  }, 120_000);
});
