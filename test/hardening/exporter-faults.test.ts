/**
 * The exporter under sink faults. A fake Loki on loopback is switched through down (port
 * closed), slow (never answers), 500 and 429 while the simulator produces log lines fast:
 * /metrics keeps answering during every fault, the Loki buffer never exceeds its bound, every
 * dropped line is counted in telemetry_log_lines_dropped_total{sink="loki"}, delivery resumes
 * when Loki comes back, and at the end every produced line is either accepted by Loki or
 * counted as dropped (nothing lost silently). A dead or black-holed OTLP collector must not
 * crash the exporter or grow its span queue past the bound.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startExporter, type ExporterHandle } from '../../src/exporter';
import type { LogSink } from '../../src/instrumentation';
import { FakeLoki, type LokiMode } from './fake-loki';
import { FULL, SEED } from './helpers';

const FAULT_MS = FULL ? 5000 : 1200;
const MAX_BUFFER = 200;

async function scrape(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return { status: res.status, body: await res.text() };
}

function droppedLoki(body: string): number {
  const m = /^telemetry_log_lines_dropped_total\{[^}]*sink="loki"[^}]*\} (\S+)$/m.exec(body);
  if (!m) throw new Error('telemetry_log_lines_dropped_total{sink="loki"} missing from /metrics');
  return Number(m[1]);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe(`exporter with a failing Loki (seed ${SEED})`, () => {
  const loki = new FakeLoki();
  let handle: ExporterHandle;
  let produced = 0;
  const counter: LogSink = { write: () => void (produced += 1) };
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    await loki.start();
    handle = await startExporter({
      seed: SEED,
      speed: 40,
      logStream: null,
      logSinks: [counter],
      lokiUrl: loki.url,
      loki: { maxBufferLines: MAX_BUFFER, batchLines: 50, flushIntervalMs: 50, minBackoffMs: 20, maxBackoffMs: 100, maxRetries: 2, requestTimeoutMs: 200 },
    });
    await until('first cycle', () => handle.simulator.ready);
  });

  afterAll(async () => {
    await handle?.close();
    await loki.stop();
    process.off('unhandledRejection', onUnhandled);
  });

  test('healthy Loki receives lines', async () => {
    await until('lines at Loki', () => loki.accepted.size > 0);
  });

  const faults: LokiMode[] = ['down', 'slow', '500', '429'];
  test.each(faults)('Loki %s: metrics served, buffer bounded, drops counted, recovery', async (fault) => {
    const sink = handle.telemetry.loki!;
    const droppedBefore = droppedLoki((await scrape(handle.metricsUrl)).body);
    await loki.setMode(fault);
    const started = Date.now();
    let maxBuffered = 0;
    let scrapes = 0;
    while (Date.now() - started < FAULT_MS) {
      maxBuffered = Math.max(maxBuffered, sink.buffered);
      if (scrapes * 100 < Date.now() - started) {
        const r = await scrape(handle.metricsUrl);
        expect(r.status).toBe(200);
        expect(r.body).toMatch(/^compile_success_total\{/m);
        scrapes += 1;
      }
      await sleep(10);
    }
    expect(scrapes).toBeGreaterThan(3);
    expect(maxBuffered).toBeLessThanOrEqual(MAX_BUFFER);
    // Lines were produced faster than the buffer holds, so the fault must have cost drops, and /metrics shows them.
    const droppedDuring = droppedLoki((await scrape(handle.metricsUrl)).body);
    expect(droppedDuring).toBeGreaterThan(droppedBefore);
    if (fault !== 'down') expect(loki.requests[fault]).toBeGreaterThan(0);

    const acceptedBefore = loki.accepted.size;
    await loki.setMode('ok');
    await until(`delivery after ${fault}`, () => loki.accepted.size > acceptedBefore + 50);
  });

  test('accounting: every produced line was accepted by Loki or counted as dropped', async () => {
    handle.simulator.stop();
    const sink = handle.telemetry.loki!;
    await sink.flush(5000);
    await until('empty Loki buffer', () => sink.buffered === 0);
    await sleep(100);
    const dropped = droppedLoki((await scrape(handle.metricsUrl)).body);
    expect(dropped).toBe(sink.stats.linesDropped);
    expect(dropped).toBeGreaterThan(0);
    expect({ produced, deliveredOrDropped: loki.accepted.size + dropped }).toEqual({ produced, deliveredOrDropped: produced });
    expect(unhandled).toEqual([]);
  });
});

/** A collector that accepts connections and never answers: exports can only time out. */
function blackHole(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(() => undefined);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((r) => {
            server.close(() => r());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** A port nobody listens on (bound, then released). */
async function closedPort(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

/** The BatchSpanProcessor's queue length (SDK internals: no public accessor exists). */
function spanQueueLength(handle: ExporterHandle): number {
  const provider = handle.telemetry.tracing.provider as unknown as { _activeSpanProcessor?: { _spanProcessors?: { _finishedSpans?: unknown[] }[] } };
  const queues = (provider._activeSpanProcessor?._spanProcessors ?? []).map((p) => p._finishedSpans).filter((q): q is unknown[] => Array.isArray(q));
  if (queues.length === 0) throw new Error('no batch span processor found (SDK internals changed?)');
  return Math.max(...queues.map((q) => q.length));
}

describe('exporter with an unreachable OTLP collector', () => {
  const QUEUE = 100;
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });
  test.each([
    ['refused', closedPort],
    [
      'black hole',
      async () => {
        const hole = await blackHole();
        cleanups.push(hole.close);
        return hole.url;
      },
    ],
  ] as const)('%s: no crash, metrics served, span queue bounded', async (_name, endpoint) => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const handle = await startExporter({
      seed: SEED,
      speed: 40,
      logStream: null,
      otlpEndpoint: await endpoint(),
      otlpBatch: { maxQueueSize: QUEUE, maxExportBatchSize: 20, scheduledDelayMillis: 50, exportTimeoutMillis: 300 },
    });
    try {
      const started = Date.now();
      let maxQueue = 0;
      while (Date.now() - started < FAULT_MS) {
        maxQueue = Math.max(maxQueue, spanQueueLength(handle));
        const r = await scrape(handle.metricsUrl);
        expect(r.status).toBe(200);
        await sleep(50);
      }
      expect(handle.simulator.runs).toBeGreaterThan(20);
      expect(maxQueue).toBeLessThanOrEqual(QUEUE);
    } finally {
      await handle.close(500);
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });
});
