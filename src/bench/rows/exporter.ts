/**
 * Exporter measures: /metrics latency under 50 concurrent scrapers against a bare prom-client
 * registry holding the same series, response size, and RSS growth over a long fast run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { BenchContext } from '../context';
import { npmScriptCommand, PROJECT_ROOT } from '../proc';
import { makeRow, type Row } from '../report';
import { quantile, summarize, type Summary } from '../stats';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Server {
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts a bench child script (under the same TypeScript loader as the npm scripts) that prints `{"url"}`. */
async function startChild(script: string, args: readonly string[]): Promise<Server> {
  const loader = npmScriptCommand('exporter').slice(0, -1);
  const child = spawn(loader[0] as string, [...loader.slice(1), path.join(__dirname, '..', script), ...args], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d) => (err += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start: ${err.slice(-500)}`)), 30_000);
    child.stdout?.on('data', (d) => {
      out += d;
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { url: string }).url);
      }
    });
    child.once('exit', (code) => reject(new Error(`${script} exited ${code}: ${err.slice(-500)}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    child,
    stop: async () => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function get(agent: http.Agent, url: string): Promise<{ ms: number; bytes: number; body: string }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`GET ${url}: HTTP ${res.statusCode}`));
        const body = Buffer.concat(chunks);
        resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, bytes: body.length, body: body.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: timed out`)));
    req.on('error', reject);
  });
}

/** `concurrency` scrapers, each looping GET /metrics on keep-alive connections, for `seconds`. */
async function load(url: string, concurrency: number, seconds: number): Promise<{ latencies: number[]; bytes: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let bytes = 0;
  const end = Date.now() + seconds * 1000;
  const scraper = async () => {
    while (Date.now() < end) {
      const r = await get(agent, `${url}/metrics`);
      latencies.push(r.ms);
      bytes = r.bytes;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, scraper));
  agent.destroy();
  return { latencies, bytes };
}

function rssBytes(pid: number): number {
  // Linux; the bench's RSS rows are skipped elsewhere.
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status);
  if (!kb) throw new Error('no VmRSS in /proc status');
  return Number(kb[1]) * 1024;
}

const asMs = (values: number[]): Summary => summarize(values);

export async function exporterRows(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  const seconds = ctx.quick ? 2 : 10;
  const concurrency = 50;

  ctx.log(`exporter: ${concurrency} concurrent scrapers for ${seconds} s, exporter then bare registry`);
  const exporter = await startChild('exporter-child.ts', ['1', '42']);
  let exposition: string;
  let measured: { latencies: number[]; bytes: number };
  try {
    // Wait for the first simulated cycle, so every series exists before capturing them.
    for (let i = 0; i < 100; i += 1) {
      if ((await fetch(`${exporter.url}/readyz`)).status === 200) break;
      await sleep(50);
    }
    exposition = (await get(new http.Agent(), `${exporter.url}/metrics`)).body;
    await load(exporter.url, concurrency, 1); // warm-up
    measured = await load(exporter.url, concurrency, seconds);
  } finally {
    await exporter.stop();
  }
  const expositionFile = path.join(ctx.scratch, 'exposition.txt');
  fs.writeFileSync(expositionFile, exposition);
  const registry = await startChild('registry-child.ts', [expositionFile]);
  let floor: { latencies: number[]; bytes: number };
  try {
    await load(registry.url, concurrency, 1);
    floor = await load(registry.url, concurrency, seconds);
  } finally {
    await registry.stop();
  }
  const sorted = (v: number[]) => [...v].sort((a, b) => a - b);
  const m = sorted(measured.latencies);
  const f = sorted(floor.latencies);
  const point = (v: number): Summary => ({ median: v, min: v, max: v, runs: 1 });
  rows.push(
    makeRow({
      id: 'exporter.p50',
      what: `exporter /metrics p50, ${concurrency} scrapers × ${seconds} s (${m.length} scrapes)`,
      unit: 'ms',
      value: { ...asMs(m), median: quantile(m, 0.5) },
      floor: { what: `bare prom-client registry, same series (${f.length} scrapes)`, value: { ...asMs(f), median: quantile(f, 0.5) } },
    }),
  );
  rows.push(
    makeRow(
      {
        id: 'exporter.p99',
        what: `exporter /metrics p99, ${concurrency} scrapers × ${seconds} s`,
        unit: 'ms',
        value: point(quantile(m, 0.99)),
        floor: { what: 'bare prom-client registry p99', value: point(quantile(f, 0.99)) },
      },
      { maxRatio: 1.5 },
    ),
  );
  rows.push(
    makeRow({
      id: 'exporter.size',
      what: 'exporter /metrics response size',
      unit: 'KB',
      value: point(measured.bytes / 1024),
      floor: { what: 'bare registry, same series', value: point(floor.bytes / 1024) },
    }),
  );

  if (!fs.existsSync('/proc/self/status')) return rows;
  const speed = 200;
  const warm = ctx.quick ? 3 : 20;
  const long = ctx.quick ? 6 : 90;
  ctx.log(`exporter: RSS over ${long} s at --speed ${speed} (after ${warm} s warm-up), scraped every second`);
  const fast = await startChild('exporter-child.ts', [String(speed), '7']);
  const warmSamples: number[] = [];
  const endSamples: number[] = [];
  try {
    const agent = new http.Agent({ keepAlive: true });
    const started = Date.now();
    while (Date.now() - started < (warm + long) * 1000) {
      // Scraped like Prometheus would, so rendering and its caches are part of what is measured.
      await get(agent, `${fast.url}/metrics`);
      const elapsed = (Date.now() - started) / 1000;
      const rss = rssBytes(fast.child.pid as number);
      if (elapsed >= warm - 2 && elapsed < warm) warmSamples.push(rss);
      if (elapsed >= warm + long - 3) endSamples.push(rss);
      await sleep(250);
    }
    agent.destroy();
  } finally {
    await fast.stop();
  }
  const mb = (v: number[]) => summarize(v.map((b) => b / 2 ** 20));
  const before = mb(warmSamples);
  const after = mb(endSamples);
  rows.push(
    makeRow(
      {
        id: 'exporter.rss',
        what: `exporter RSS after ${long} s at --speed ${speed}`,
        unit: 'MB',
        value: after,
        floor: { what: `RSS after ${warm} s warm-up`, value: before },
        note: ctx.quick
          ? `growth ${(((after.median - before.median) / before.median) * 100).toFixed(1)} %; --quick's warm-up is too short for a verdict (the heap still grows), the full run judges it`
          : `growth ${(((after.median - before.median) / before.median) * 100).toFixed(1)} % (target ≤ 10 %)`,
      },
      ctx.quick ? {} : { maxRatio: 1.1 },
    ),
  );
  return rows;
}
