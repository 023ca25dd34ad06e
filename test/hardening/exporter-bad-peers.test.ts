/**
 * The exporter and the HTTP clients against peers that misbehave on purpose, all on loopback:
 * - clients that pipeline many requests on one connection and never read the answers, and more
 *   connections than the server accepts: the exporter's RSS stays bounded, the offending
 *   connections are closed by the server, and an ordinary scrape is still answered meanwhile;
 * - a Loki and an OTLP collector that answer 200 with an endless body: bodies are read up to a
 *   cap, RSS stays bounded, and such a push is not counted as delivered;
 * - `validate_dashboards --prometheus` against a server with an endless body: one line, exit 2.
 * Peak RSS figures are printed for the README.
 */
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { LokiSink } from '../../src/instrumentation/loki';
import { CONNECTION_LIMITS } from '../../src/exporter/server';
import { LOADER, ROOT } from '../helpers/cli';
import { startExporterProcess, type ChildServer } from '../../src/bench/load';

const MB = 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Answers every request 200 and then streams zeros until the client goes away. */
async function endlessServer(): Promise<{ url: string; requests: () => number; stop: () => Promise<void> }> {
  let requests = 0;
  const chunk = Buffer.alloc(64 * 1024);
  const server = http.createServer((req, res) => {
    requests++;
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    const pump = (): void => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', pump);
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function sampleRss(exporter: ChildServer, ms: number): Promise<number> {
  let peak = exporter.memory().rss;
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    await sleep(250);
    peak = Math.max(peak, exporter.memory().rss);
  }
  return peak;
}

describe('clients that pipeline requests and never read', () => {
  let exporter: ChildServer;
  beforeAll(async () => {
    exporter = await startExporterProcess({ speed: 4, seed: 3 });
    await sleep(1000);
  }, 30_000);
  afterAll(async () => {
    await exporter?.stop();
  });

  test('RSS bounded, offenders closed by the server, scrapes still answered', async () => {
    const { port } = new URL(exporter.url);
    const CONNECTIONS = CONNECTION_LIMITS.maxConnections + 44;
    const PIPELINED = 2000;
    const request = Buffer.from(`GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`.repeat(PIPELINED));
    const before = exporter.memory().rss;
    const sockets: net.Socket[] = [];
    let closedByServer = 0;
    for (let i = 0; i < CONNECTIONS; i++) {
      const socket = net.connect(Number(port), '127.0.0.1');
      socket.on('connect', () => {
        socket.write(request);
        socket.pause(); // never read a byte of the answers
      });
      socket.on('error', () => undefined);
      socket.on('close', () => closedByServer++);
      sockets.push(socket);
    }
    try {
      const peak = await sampleRss(exporter, 6000);
      const scrape = await fetch(`${exporter.url}/metrics`, { signal: AbortSignal.timeout(10_000) }).catch((e: Error) => e);
      // A paused socket does not see the server's close: read (and discard) now, then count.
      for (const s of sockets) s.resume();
      const deadline = Date.now() + 30_000;
      while (closedByServer < CONNECTIONS && Date.now() < deadline) await sleep(50);
      console.log(
        `non-reading clients: ${CONNECTIONS} connections × ${PIPELINED} pipelined requests: exporter RSS ${(before / MB).toFixed(0)} -> peak ${(peak / MB).toFixed(0)} MB, ` +
          `${closedByServer} connections closed by the server`,
      );
      // Every connection either refused over the limit or cut off for pipelining without reading.
      expect(closedByServer).toBe(CONNECTIONS);
      expect(peak - before).toBeLessThan(100 * MB);
      expect(scrape instanceof Error ? scrape.message : scrape.status).toBe(200);
    } finally {
      for (const s of sockets) s.destroy();
    }
  }, 90_000);
});

describe('a Loki and an OTLP collector that answer with an endless body', () => {
  let endless: Awaited<ReturnType<typeof endlessServer>>;
  beforeAll(async () => {
    endless = await endlessServer();
  });
  afterAll(async () => {
    await endless?.stop();
  });

  test('pushes are read up to the cap and not counted as delivered', async () => {
    const errors: string[] = [];
    const sink = new LokiSink({
      url: endless.url,
      batchLines: 10,
      flushIntervalMs: 10,
      minBackoffMs: 10,
      maxBackoffMs: 20,
      maxRetries: 2,
      requestTimeoutMs: 5000,
      onError: (m) => errors.push(m),
    });
    const line = { ts: new Date().toISOString(), level: 'info', event: 'compile.start', msg: 'x' } as unknown as Parameters<LokiSink['write']>[0];
    for (let i = 0; i < 10; i++) sink.write(line, JSON.stringify(line));
    const started = Date.now();
    await sink.close(10_000);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(sink.stats).toMatchObject({ pushes: 0, linesSent: 0, failedAttempts: 3, linesDropped: 10 });
    expect(errors[0]).toBe('loki push: HTTP 200 but response body larger than 64 KiB; not counted as delivered');
  }, 20_000);

  test('exporter RSS stays bounded while both sinks push into endless bodies', async () => {
    const exporter = await startExporterProcess({ speed: 20, seed: 5, lokiUrl: endless.url, otlpEndpoint: endless.url });
    try {
      await sleep(1000);
      const before = exporter.memory().rss;
      const requestsBefore = endless.requests();
      const peak = await sampleRss(exporter, 8000);
      const pushes = endless.requests() - requestsBefore;
      console.log(`endless response bodies: ${pushes} Loki/OTLP pushes in 8 s: exporter RSS ${(before / MB).toFixed(0)} -> peak ${(peak / MB).toFixed(0)} MB`);
      expect(pushes).toBeGreaterThan(3);
      expect(peak - before).toBeLessThan(100 * MB);
    } finally {
      await exporter.stop();
    }
  }, 40_000);

  test('validate_dashboards --prometheus: one line, exit 2', async () => {
    const child = spawn(process.execPath, ['-r', LOADER, path.join(ROOT, 'scripts', 'validate-dashboards.ts'), '--prometheus', endless.url], { cwd: ROOT });
    let stderr = '';
    let peakKb = 0;
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setInterval(() => {
      try {
        const status = require('node:fs').readFileSync(`/proc/${child.pid}/status`, 'utf8') as string;
        peakKb = Math.max(peakKb, Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0));
      } catch {
        // exited
      }
    }, 100);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearInterval(timer);
    console.log(`validate_dashboards --prometheus with an endless body: exit ${code}, peak RSS ${(peakKb / 1024).toFixed(0)} MB`);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^validate_dashboards: cannot query Prometheus at http:\/\/127\.0\.0\.1:\d+: response body larger than 64 MiB\n$/);
    expect(peakKb * 1024).toBeLessThan(400 * MB);
  }, 60_000);
});
