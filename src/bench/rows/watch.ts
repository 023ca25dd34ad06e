/**
 * Watch mode: time from saving a dashboard module to its rewritten JSON being on disk, to the
 * validator's findings on it being printed, and (warm: after the type checker's first pass over the
 * whole project) to the type errors of the saved file being reported.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BenchContext } from '../context';
import { npmScriptCommand, PROJECT_ROOT } from '../proc';
import { makeRow, type Row } from '../report';
import { freshDir, syntheticModule, syntheticUid } from '../scratch';
import { summarize } from '../stats';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves when predicate() holds: checked on every change in dir and every 5 ms as a fallback. */
function until(dir: string, predicate: () => boolean, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      let ok = false;
      try {
        ok = predicate();
      } catch {
        // Not there yet (first write) or being replaced.
      }
      if (!ok) return;
      finish();
      resolve();
    };
    const watcher = fs.watch(dir, check);
    const poll = setInterval(check, 5);
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`watch: no rebuild within ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = () => {
      watcher.close();
      clearInterval(poll);
      clearTimeout(timer);
    };
    check();
  });
}

interface Output {
  text: string;
  readonly listeners: Set<() => void>;
}

/** Resolves when predicate(output) holds, checked on every chunk the watch process prints. */
function untilOutput(output: Output, predicate: (text: string) => boolean, timeoutMs: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!predicate(output.text)) return;
      finish();
      resolve();
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`watch: no ${what} within ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = () => {
      output.listeners.delete(check);
      clearTimeout(timer);
    };
    output.listeners.add(check);
    check();
  });
}

const TYPE_ERROR = `const wrong: number = 'text';\nexport { wrong };\n`;

export async function watchRows(ctx: BenchContext): Promise<Row[]> {
  const modules = freshDir(ctx.scratch, 'watch-src');
  const out = freshDir(ctx.scratch, 'watch-out');
  const moduleFile = path.join(modules, `${syntheticUid(1)}.ts`);
  const output = path.join(out, 'dashboards', `${syntheticUid(1)}.json`);
  fs.writeFileSync(moduleFile, syntheticModule(modules, 1, 'Watch save 0'));

  const [bin, ...args] = npmScriptCommand('build-dashboards', ['--watch', '--dashboards', modules, '--out', out]);
  const child = spawn(bin as string, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
  const stdout: Output = { text: '', listeners: new Set() };
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout.text += d;
    for (const listener of [...stdout.listeners]) listener();
  });
  child.stderr.on('data', (d) => (stderr += d));
  const saves = ctx.quick ? 7 : 20;
  const typeSaves = ctx.quick ? 5 : 10;
  const warmup = 2;
  ctx.log(`watch: ${saves} saves of a dashboard module under --watch, then ${typeSaves} that add or remove a type error`);
  const written: number[] = [];
  const validated: number[] = [];
  const typed: number[] = [];
  try {
    const deadline = Date.now() + 30_000;
    while (!stdout.text.includes('watching')) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`watch mode did not start: ${stderr.slice(-500)}`);
      await sleep(20);
    }
    fs.mkdirSync(path.dirname(output), { recursive: true });
    for (let i = 1; i <= warmup + saves; i += 1) {
      const title = `Watch save ${i}`;
      const mark = stdout.text.length;
      const started = process.hrtime.bigint();
      fs.writeFileSync(moduleFile, syntheticModule(modules, 1, title));
      await until(path.dirname(output), () => fs.readFileSync(output, 'utf8').includes(title), 10_000);
      const onDisk = process.hrtime.bigint();
      await untilOutput(stdout, (text) => text.slice(mark).includes('validated in '), 10_000, 'validator findings');
      if (i > warmup) {
        written.push(Number(onDisk - started) / 1e6);
        validated.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      // Let the watcher settle so one save is never coalesced with the next.
      await sleep(150);
    }
    // Warm: the checker's first pass over the project (started with the watch, resumed after each save) is over.
    await untilOutput(stdout, (text) => / file\(s\) checked \(/.test(text), 300_000, 'first type-check pass');
    for (let i = 1; i <= warmup + typeSaves; i += 1) {
      const errors = i % 2;
      const mark = stdout.text.length;
      const started = process.hrtime.bigint();
      fs.writeFileSync(moduleFile, syntheticModule(modules, 1, `Typed save ${i}`) + (errors ? TYPE_ERROR : ''));
      await untilOutput(stdout, (text) => new RegExp(`^types: ${errors} error\\(s\\) in changed files`, 'm').test(text.slice(mark)), 60_000, 'type errors');
      if (i > warmup) typed.push(Number(process.hrtime.bigint() - started) / 1e6);
      await sleep(150);
    }
  } finally {
    child.kill('SIGTERM');
  }
  return [
    makeRow({ id: 'watch.save', what: 'watch: save → rewritten JSON on disk', unit: 'ms', value: summarize(written) }, { maxMedian: 200 }),
    makeRow({ id: 'watch.validated', what: 'watch: save → validated JSON (findings printed)', unit: 'ms', value: summarize(validated) }, { maxMedian: 500 }),
    makeRow(
      {
        id: 'watch.types',
        what: 'watch: save → type errors reported (warm checker)',
        unit: 'ms',
        value: summarize(typed),
        note: 'saves alternately add and remove one type error; timed to the `types: N error(s) in changed files` line',
      },
      { maxMedian: 5000 },
    ),
  ];
}
