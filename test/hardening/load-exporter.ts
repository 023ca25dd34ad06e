/**
 * Scrape load against the sample exporter, on loopback only and bounded in rate, duration and
 * outstanding requests. Library (`runLoad`, `slowClients`, `startExporterProcess`) for the
 * hardening test and the bench; run directly for the full figure:
 *
 *   node -r sucrase/register/ts test/hardening/load-exporter.ts [--rate 1000] [--seconds 60] [--slow 100]
 *
 * prints rate achieved, duration, p50/p99/max latency, errors and the exporter's RSS before,
 * peak and after. The exporter runs in its own process (started from exporter-child.ts) so the
 * load generator's memory does not blur the exporter's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { quantile } from '../../src/bench/stats';

export interface LoadOptions {
  /** Full URL, e.g. http://127.0.0.1:9464/metrics. Must be loopback. */
  url: string;
  /** Target scrapes per second (open loop: fired on schedule, not after the previous answer). */
  rate: number;
  durationMs: number;
  /** Requests allowed in flight; beyond it a scheduled scrape is counted as skipped, not queued. */
  maxOutstanding?: number;
  sockets?: number;
  /** Called about once a second (e.g. to sample RSS). */
  onSecond?: (elapsedMs: number) => void;
}

export interface LoadResult {
  scheduled: number;
  completed: number;
  errors: number;
  skipped: number;
  non200: number;
  durationMs: number;
  achievedRate: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  bytes: number;
}

function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host)) throw new Error(`load tests hit loopback only, not ${host}`);
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  assertLoopback(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.sockets ?? 32 });
  const maxOutstanding = options.maxOutstanding ?? 500;
  const latencies: number[] = [];
  let scheduled = 0;
  let errors = 0;
  let skipped = 0;
  let non200 = 0;
  let bytes = 0;
  let outstanding = 0;
  const started = performance.now();

  const fire = (): void => {
    scheduled += 1;
    if (outstanding >= maxOutstanding) {
      skipped += 1;
      return;
    }
    outstanding += 1;
    const t0 = performance.now();
    const req = http.get(options.url, { agent, timeout: 10_000 }, (res) => {
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => {
        outstanding -= 1;
        if (res.statusCode !== 200) non200 += 1;
        latencies.push(performance.now() - t0);
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => {
      outstanding -= 1;
      errors += 1;
    });
  };

  await new Promise<void>((resolve) => {
    // 10 ms ticks; each fires the scrapes due so far, so the schedule holds even if a tick is late.
    let lastSecond = 0;
    const timer = setInterval(() => {
      const elapsed = performance.now() - started;
      const due = Math.min(options.durationMs, elapsed) * (options.rate / 1000);
      while (scheduled < Math.floor(due)) fire();
      if (options.onSecond && elapsed - lastSecond >= 1000) {
        lastSecond = elapsed;
        options.onSecond(elapsed);
      }
      if (elapsed >= options.durationMs) {
        clearInterval(timer);
        resolve();
      }
    }, 10);
  });
  const waitUntil = performance.now() + 10_000;
  while (outstanding > 0 && performance.now() < waitUntil) await new Promise((r) => setTimeout(r, 10));
  const durationMs = performance.now() - started;
  agent.destroy();
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    scheduled,
    completed: latencies.length,
    errors,
    skipped,
    non200,
    durationMs,
    achievedRate: latencies.length / (options.durationMs / 1000),
    p50Ms: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
    maxMs: sorted[sorted.length - 1] ?? NaN,
    bytes,
  };
}

export interface SlowClients {
  /** Sockets the server has closed so far. */
  readonly closedByServer: () => number;
  /** Milliseconds from open to server close, per closed socket. */
  readonly closeAfterMs: number[];
  stop(): void;
}

/**
 * Slowloris: `count` connections that send a request line and then one header byte every
 * `intervalMs`, never finishing the headers. A server without a headers timeout keeps them forever.
 */
export function slowClients(url: string, count: number, intervalMs = 200): SlowClients {
  assertLoopback(url);
  const { hostname, port } = new URL(url);
  const sockets: net.Socket[] = [];
  const closeAfterMs: number[] = [];
  let closed = 0;
  let stopping = false;
  const timers: NodeJS.Timeout[] = [];
  for (let i = 0; i < count; i++) {
    const opened = Date.now();
    const socket = net.connect(Number(port), hostname.replace(/^\[|\]$/g, ''));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (stopping) return;
      closed += 1;
      closeAfterMs.push(Date.now() - opened);
    });
    socket.on('connect', () => {
      socket.write('GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
      const t = setInterval(() => {
        if (!socket.destroyed) socket.write('a');
      }, intervalMs);
      timers.push(t);
    });
    sockets.push(socket);
  }
  return {
    closedByServer: () => closed,
    closeAfterMs,
    stop() {
      stopping = true;
      for (const t of timers) clearInterval(t);
      for (const s of sockets) s.destroy();
    },
  };
}

export interface ExporterProcess {
  readonly url: string;
  readonly pid: number;
  /** Latest RSS/heap report of the exporter process, in bytes. */
  readonly memory: () => { rss: number; heapUsed: number };
  stop(): Promise<number | null>;
}

/** Starts the exporter (startExporter) in a child process on an ephemeral loopback port. */
export function startExporterProcess(args: { speed?: number; seed?: number; lokiUrl?: string; otlpEndpoint?: string } = {}): Promise<ExporterProcess> {
  const child: ChildProcess = spawn(process.execPath, ['-r', 'sucrase/register/ts', path.join(__dirname, 'exporter-child.ts'), JSON.stringify(args)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let memory = { rss: 0, heapUsed: 0 };
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`exporter child exited early (${code})`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const msg = JSON.parse(line) as { url?: string; rss?: number; heapUsed?: number };
        if (msg.rss !== undefined) memory = { rss: msg.rss, heapUsed: msg.heapUsed ?? 0 };
        if (msg.url) {
          resolve({
            url: msg.url,
            pid: child.pid!,
            memory: () => memory,
            stop: () =>
              new Promise((done) => {
                child.removeAllListeners('exit');
                child.on('exit', (code) => done(code));
                child.kill('SIGTERM');
              }),
          });
        }
      }
    });
  });
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

async function main(argv: string[]): Promise<void> {
  const flag = (name: string, fallback: number): number => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  const rate = flag('rate', 1000);
  const seconds = flag('seconds', 60);
  const slow = flag('slow', 100);
  if (!(rate > 0 && rate <= 5000 && seconds > 0 && seconds <= 600 && slow >= 0 && slow <= 1000)) {
    process.stderr.write('load-exporter: --rate 1..5000, --seconds 1..600, --slow 0..1000\n');
    process.exit(2);
  }
  const exporter = await startExporterProcess({ speed: 4, seed: 1 });
  await new Promise((r) => setTimeout(r, 1500));
  const before = exporter.memory();
  let peak = before.rss;
  const clients = slowClients(exporter.url, slow);
  const result = await runLoad({
    url: `${exporter.url}/metrics`,
    rate,
    durationMs: seconds * 1000,
    onSecond: () => (peak = Math.max(peak, exporter.memory().rss)),
  });
  await new Promise((r) => setTimeout(r, 1500));
  const after = exporter.memory();
  const slowClosed = clients.closedByServer();
  clients.stop();
  await exporter.stop();
  const report = {
    targetRate: rate,
    achievedRate: Math.round(result.achievedRate),
    durationS: Number((result.durationMs / 1000).toFixed(1)),
    completed: result.completed,
    errors: result.errors,
    non200: result.non200,
    skipped: result.skipped,
    p50Ms: Number(result.p50Ms.toFixed(2)),
    p99Ms: Number(result.p99Ms.toFixed(2)),
    maxMs: Number(result.maxMs.toFixed(1)),
    rssBeforeMB: Number((before.rss / 1048576).toFixed(1)),
    rssPeakMB: Number((peak / 1048576).toFixed(1)),
    rssAfterMB: Number((after.rss / 1048576).toFixed(1)),
    slowClients: slow,
    slowClientsClosedByServer: slowClosed,
    slowClientCloseAfterMsMax: clients.closeAfterMs.length ? Math.max(...clients.closeAfterMs) : null,
  };
  process.stdout.write(
    [
      `scrapes: ${report.completed} in ${report.durationS} s = ${report.achievedRate}/s (target ${rate}/s), errors ${report.errors}, non-200 ${report.non200}, skipped ${report.skipped}`,
      `latency: p50 ${report.p50Ms} ms, p99 ${report.p99Ms} ms, max ${report.maxMs} ms`,
      `exporter RSS: before ${mb(before.rss)}, peak ${mb(peak)}, after ${mb(after.rss)}`,
      `slow clients: ${slowClosed}/${slow} closed by the server (latest after ${report.slowClientCloseAfterMsMax ?? '-'} ms)`,
      JSON.stringify(report),
      '',
    ].join('\n'),
  );
  const out = process.env.LOAD_REPORT_FILE;
  if (out) fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`load-exporter: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(2);
  });
}
