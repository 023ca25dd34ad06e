/**
 * Scrape load on loopback, shared by the bench and the hardening tests: child processes that
 * serve /metrics (the exporter, a bare registry) and report their memory, an open-loop load at a
 * fixed rate, closed-loop scrapers, and slowloris clients. Every load is bounded in rate, time
 * and requests in flight, and refuses any host but loopback.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { npmScriptCommand, PROJECT_ROOT } from './proc';
import { quantile } from './stats';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host)) throw new Error(`load runs against loopback only, not ${host}`);
}

export interface ChildServer {
  readonly url: string;
  readonly pid: number;
  /** Latest memory report of the child (bytes); zero until its first report. */
  readonly memory: () => { rss: number; heapUsed: number };
  /** SIGTERM, then SIGKILL after 3 s; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts a script of this folder under the npm scripts' TypeScript loader. The script prints JSON
 * lines: `{"url"}` once listening, and may print `{"rss","heapUsed"}` reports afterwards.
 */
export function startChild(script: string, args: readonly string[]): Promise<ChildServer> {
  const loader = npmScriptCommand('exporter').slice(0, -1);
  const child: ChildProcess = spawn(loader[0] as string, [...loader.slice(1), path.join(__dirname, script), ...args], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let memory = { rss: 0, heapUsed: 0 };
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-2000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not start within 30 s: ${stderr.slice(-500)}`));
    }, 30_000);
    child.once('error', reject);
    void exited.then((code) => reject(new Error(`${script} exited early (${code}): ${stderr.slice(-500)}`)));
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const msg = JSON.parse(buffer.slice(0, nl)) as { url?: string; rss?: number; heapUsed?: number };
        buffer = buffer.slice(nl + 1);
        if (msg.rss !== undefined) memory = { rss: msg.rss, heapUsed: msg.heapUsed ?? 0 };
        if (msg.url) {
          clearTimeout(timer);
          resolve({
            url: msg.url,
            pid: child.pid!,
            memory: () => memory,
            stop: async () => {
              child.kill('SIGTERM');
              const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
              const code = await exited;
              clearTimeout(kill);
              return code;
            },
          });
        }
      }
    });
  });
}

export interface ExporterChildOptions {
  speed?: number;
  seed?: number;
  lokiUrl?: string;
  otlpEndpoint?: string;
}

/** The sample exporter in its own process (so the load generator's memory does not blur its own), on an ephemeral loopback port. */
export function startExporterProcess(options: ExporterChildOptions = {}): Promise<ChildServer> {
  return startChild('exporter-child.ts', [JSON.stringify(options)]);
}

/** One GET, body collected; rejects on a non-200 answer or after 10 s without progress. */
export function get(agent: http.Agent, url: string): Promise<{ ms: number; bytes: number; body: string }> {
  assertLoopback(url);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`GET ${url}: HTTP ${res.statusCode}`));
        const body = Buffer.concat(chunks);
        resolve({ ms: performance.now() - started, bytes: body.length, body: body.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: timed out`)));
    req.on('error', reject);
  });
}

/** `concurrency` scrapers, each looping GET on keep-alive connections, for `seconds`. */
export async function closedLoop(url: string, concurrency: number, seconds: number): Promise<{ latencies: number[]; bytes: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let bytes = 0;
  const end = Date.now() + seconds * 1000;
  const scraper = async () => {
    while (Date.now() < end) {
      const r = await get(agent, url);
      latencies.push(r.ms);
      bytes = r.bytes;
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, scraper));
  } finally {
    agent.destroy();
  }
  return { latencies, bytes };
}

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
  /** Failed scrapes, by error code (or message). */
  errors: Record<string, number>;
  /**
   * Scrapes sent again because a kept-alive connection was closed by the server just as it was
   * reused (the race Node documents under `request.reusedSocket`; Prometheus's Go client retries
   * these the same way). Each is retried once; a second failure counts as an error.
   */
  retried: number;
  skipped: number;
  non200: number;
  durationMs: number;
  achievedRate: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  bytes: number;
}

/** Open-loop scrape load: `rate` requests a second for `durationMs`, then waits (at most 10 s) for the ones in flight. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  assertLoopback(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.sockets ?? 32 });
  const maxOutstanding = options.maxOutstanding ?? 500;
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let scheduled = 0;
  let retried = 0;
  let skipped = 0;
  let non200 = 0;
  let bytes = 0;
  let outstanding = 0;
  const started = performance.now();

  const send = (t0: number, retry: boolean): void => {
    const req = http.get(options.url, { agent, timeout: 10_000 }, (res) => {
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => {
        outstanding -= 1;
        if (res.statusCode !== 200) non200 += 1;
        latencies.push(performance.now() - t0);
      });
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (retry && req.reusedSocket && error.code === 'ECONNRESET') {
        retried += 1;
        send(t0, false);
        return;
      }
      outstanding -= 1;
      const key = error.code ?? error.message;
      errors[key] = (errors[key] ?? 0) + 1;
    });
  };
  const fire = (): void => {
    scheduled += 1;
    if (outstanding >= maxOutstanding) {
      skipped += 1;
      return;
    }
    outstanding += 1;
    send(performance.now(), true);
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
  while (outstanding > 0 && performance.now() < waitUntil) await sleep(10);
  const durationMs = performance.now() - started;
  agent.destroy();
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    scheduled,
    completed: latencies.length,
    errors,
    retried,
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
