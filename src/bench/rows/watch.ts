/** Watch mode: time from saving a dashboard module to its rewritten JSON being on disk. */
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

export async function watchRows(ctx: BenchContext): Promise<Row[]> {
  const modules = freshDir(ctx.scratch, 'watch-src');
  const out = freshDir(ctx.scratch, 'watch-out');
  const moduleFile = path.join(modules, `${syntheticUid(1)}.ts`);
  const output = path.join(out, 'dashboards', `${syntheticUid(1)}.json`);
  fs.writeFileSync(moduleFile, syntheticModule(modules, 1, 'Watch save 0'));

  const [bin, ...args] = npmScriptCommand('build-dashboards', ['--watch', '--dashboards', modules, '--out', out]);
  const child = spawn(bin as string, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const saves = ctx.quick ? 7 : 20;
  const warmup = 2;
  ctx.log(`watch: ${saves} saves of a dashboard module under --watch`);
  const samples: number[] = [];
  try {
    const deadline = Date.now() + 30_000;
    while (!stdout.includes('watching')) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`watch mode did not start: ${stderr.slice(-500)}`);
      await sleep(20);
    }
    fs.mkdirSync(path.dirname(output), { recursive: true });
    for (let i = 1; i <= warmup + saves; i += 1) {
      const title = `Watch save ${i}`;
      const started = process.hrtime.bigint();
      fs.writeFileSync(moduleFile, syntheticModule(modules, 1, title));
      await until(path.dirname(output), () => fs.readFileSync(output, 'utf8').includes(title), 10_000);
      if (i > warmup) samples.push(Number(process.hrtime.bigint() - started) / 1e6);
      // Let the watcher settle so one save is never coalesced with the next.
      await sleep(150);
    }
  } finally {
    child.kill('SIGTERM');
  }
  return [
    makeRow(
      { id: 'watch.save', what: 'watch: save → rewritten JSON on disk', unit: 'ms', value: summarize(samples) },
      { maxMedian: 200 },
    ),
  ];
}
