import { logStreamLabels } from '../../src/catalogue';
import { LokiSink, Telemetry } from '../../src/instrumentation';
import { parseExposition } from '../../src/instrumentation/exposition-parse';
import { renderExposition } from '../../src/instrumentation';
import { startReceiver, waitFor, type Receiver } from './receivers';

const fast = { flushIntervalMs: 20, minBackoffMs: 5, maxBackoffMs: 20, requestTimeoutMs: 2000 };
const attrs = { 'backend.name': 'c99', 'toolchain.binary': 'gcc', 'host.kind': 'online', 'build.cache_hit': false } as const;

function emit(t: Telemetry, n: number, host_region = 'eu-central'): void {
  t.instrumentSpan('compile.execute', attrs, () => {
    for (let i = 0; i < n; i++) t.logEvent('compile.start', { backend: 'c99', operator: 'matmul', clause_id: '0123456789abcdef', toolchain_binary: 'gcc', host_region });
  });
}

interface Push {
  streams: { stream: Record<string, string>; values: [string, string][] }[];
}
const pushes = (r: Receiver): Push[] => r.requests.filter((q) => q.url === '/loki/api/v1/push').map((q) => JSON.parse(q.body) as Push);
const linesIn = (r: Receiver): number => pushes(r).reduce((a, p) => a + p.streams.reduce((b, s) => b + s.values.length, 0), 0);

async function dropped(t: Telemetry): Promise<number> {
  const f = parseExposition(await renderExposition(t.metrics, 'prometheus')).get('telemetry_log_lines_dropped_total');
  return f?.samples.find((s) => s.labels.sink === 'loki')?.value ?? 0;
}

describe('LokiSink', () => {
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  it('pushes JSON batches with exactly the catalogue stream labels and ns timestamps', async () => {
    receiver = await startReceiver();
    const t = new Telemetry({ environment: 'online', hostRegion: 'eu-central', lokiUrl: receiver.url, loki: { ...fast, batchLines: 10 } });
    emit(t, 25);
    emit(t, 3, 'us-east');
    await waitFor(() => linesIn(receiver!) === 28);
    expect(pushes(receiver).length).toBeGreaterThanOrEqual(3); // size-triggered batches of 10
    expect(receiver.requests[0]?.headers['content-type']).toBe('application/json');
    const streams = pushes(receiver).flatMap((p) => p.streams);
    for (const s of streams) {
      expect(Object.keys(s.stream).sort()).toEqual(Object.keys(logStreamLabels).sort());
      expect(s.stream.service_name).toBe('compile-pipeline');
      expect(s.stream.environment).toBe('online');
      for (const [ts, line] of s.values) {
        expect(ts).toMatch(/^\d{19}$/);
        const parsed = JSON.parse(line) as Record<string, unknown>;
        expect(parsed.event).toBe('compile.start');
        expect(parsed.host_region).toBe(s.stream.host_region);
        expect(BigInt(ts) / 1_000_000n).toBe(BigInt(Date.parse(String(parsed.ts))));
      }
    }
    expect(new Set(streams.map((s) => s.stream.host_region))).toEqual(new Set(['eu-central', 'us-east']));
    await t.shutdown(1000);
    expect(await dropped(t)).toBe(0);
  });

  it('sends a partial batch after the flush interval (time trigger)', async () => {
    receiver = await startReceiver();
    const t = new Telemetry({ environment: 'online', hostRegion: 'eu-central', lokiUrl: receiver.url, loki: { ...fast, batchLines: 1000 } });
    emit(t, 2);
    await waitFor(() => linesIn(receiver!) === 2);
    // Two lines never reach the 1,000-line size trigger: only the timer can have sent them, in one batch.
    expect({ lines: linesIn(receiver), pushes: pushes(receiver).length }).toEqual({ lines: 2, pushes: 1 });
    await t.shutdown(500);
  });

  it.each([
    ['500', 500],
    ['429', 429],
  ])('retries after %s and delivers once Loki recovers', async (_name, status) => {
    receiver = await startReceiver((n) => (n < 3 ? status : 204));
    const t = new Telemetry({ environment: 'online', hostRegion: 'eu-central', lokiUrl: receiver.url, loki: { ...fast, batchLines: 5 } });
    emit(t, 5);
    await waitFor(() => t.loki!.stats.linesSent === 5);
    const bodies = receiver.requests.map((r) => r.body);
    expect(bodies[3]).toBe(bodies[0]); // the same batch was retried
    expect(receiver.requests).toHaveLength(4); // 3 failed attempts + the success
    expect(t.loki?.stats.failedAttempts).toBe(3);
    await t.shutdown(500);
    expect(await dropped(t)).toBe(0);
  });

  it('drops (and counts) lines when Loki never recovers; the buffer stays bounded', async () => {
    receiver = await startReceiver(() => 503);
    const t = new Telemetry({ environment: 'online', hostRegion: 'eu-central', lokiUrl: receiver.url, loki: { ...fast, batchLines: 5, maxBufferLines: 20, maxRetries: 2 } });
    emit(t, 100);
    expect(t.loki!.buffered).toBeLessThanOrEqual(20);
    await t.shutdown(300);
    expect(t.loki!.stats.linesSent).toBe(0);
    expect(await dropped(t)).toBe(100);
    expect(t.loki!.stats.linesDropped).toBe(100);
  });

  it('counts lines as dropped when nothing listens (connection refused) without throwing to the caller', async () => {
    const closed = await startReceiver();
    const url = closed.url;
    await closed.close();
    let drops = 0;
    const sink = new LokiSink({ url, ...fast, maxRetries: 1, onDrop: (n) => (drops += n) });
    const t = new Telemetry({ environment: 'online', hostRegion: 'eu-central', logSinks: [sink] });
    expect(() => emit(t, 3)).not.toThrow();
    await waitFor(() => drops === 3, 5000);
    expect(drops).toBe(3);
    await sink.close(100);
  });
});
