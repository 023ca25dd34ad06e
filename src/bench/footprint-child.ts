/**
 * One footprint profile in a process of its own (so CPU and RSS are the exporter's alone): the
 * exporter simulates RUNS pipeline runs with every sink pointed at loopback receivers that only
 * count bytes, then prints what each signal cost as one JSON line.
 * Usage: footprint-child.ts <full|minimal> <runs>
 */
import * as http from 'node:http';
import { MemoryArtifactStore } from '../artifacts';
import { startExporter } from '../exporter';
import type { LogLine, LogSink } from '../instrumentation';
import { LokiSink } from '../instrumentation';

export interface FootprintProfile {
  readonly metrics: 'both' | 'prometheus';
  /** Log levels pushed to Loki (null = all). */
  readonly levels: readonly string[] | null;
  readonly spanSampleRatio: number;
}

export const PROFILES: Record<'full' | 'minimal', FootprintProfile> = {
  full: { metrics: 'both', levels: null, spanSampleRatio: 1 },
  // Air-gapped: metrics pulled by the local Prometheus only, only warn/error lines shipped, 10 % of traces.
  minimal: { metrics: 'prometheus', levels: ['warn', 'error'], spanSampleRatio: 0.1 },
};

interface Counter {
  requests: number;
  bytes: number;
}

async function receiver(): Promise<{ url: string; counts: Map<string, Counter>; close(): void }> {
  const counts = new Map<string, Counter>();
  const server = http.createServer((req, res) => {
    let bytes = 0;
    req.on('data', (c: Buffer) => (bytes += c.length));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0]!;
      const c = counts.get(path) ?? { requests: 0, bytes: 0 };
      c.requests++;
      c.bytes += bytes;
      counts.set(path, c);
      res.writeHead(path === '/loki/api/v1/push' ? 204 : 200, { 'content-type': 'application/json' }).end(path === '/loki/api/v1/push' ? undefined : '{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, counts, close: () => server.close() };
}

/** Passes only some levels on to Loki. */
function levelFilter(inner: LokiSink, levels: readonly string[]): LogSink {
  return {
    write: (line: LogLine, serialized: string) => {
      if (levels.includes(String(line.level))) inner.write(line, serialized);
    },
    flush: (t) => inner.flush(t),
    close: (t) => inner.close(t),
  };
}

async function main(): Promise<void> {
  const [name, runsArg] = process.argv.slice(2);
  const profile = PROFILES[name as 'full' | 'minimal'];
  const runs = Number(runsArg);
  const sink = await receiver();
  const store = new MemoryArtifactStore(1 << 30);
  const loki = new LokiSink({ url: sink.url, batchLines: 500, flushIntervalMs: 200 });
  const cpu0 = process.cpuUsage();
  const exporter = await startExporter({
    seed: 7,
    logStream: null,
    autoTick: false,
    metricsExporter: profile.metrics,
    otlpEndpoint: sink.url,
    metricExportIntervalMs: 3_600_000,
    spanSampleRatio: profile.spanSampleRatio,
    logSinks: [profile.levels ? levelFilter(loki, profile.levels) : loki],
    artifactStore: store,
  });
  let lines = 0;
  exporter.telemetry.logger.addSink({ write: () => void lines++ });
  const runsBefore = exporter.simulator.runs;
  for (let i = 0; i < runs; i += 10) exporter.simulator.tick(Math.min(10, runs - i));
  const simulated = exporter.simulator.runs - runsBefore;
  const exposition = Buffer.byteLength(await (await fetch(exporter.metricsUrl)).text());
  const seriesLines = (await (await fetch(exporter.metricsUrl)).text()).split('\n').filter((l) => l && !l.startsWith('#')).length;
  const metricsBefore = sink.counts.get('/v1/metrics')?.bytes ?? 0;
  await exporter.telemetry.otlpMetrics?.forceFlush();
  const otlpMetricBytes = (sink.counts.get('/v1/metrics')?.bytes ?? 0) - metricsBefore;
  await exporter.telemetry.tracing.forceFlush();
  await loki.flush(5000);
  await exporter.telemetry.artifacts?.flush(5000);
  const cpu = process.cpuUsage(cpu0);
  const rss = process.memoryUsage().rss;
  const stats = exporter.telemetry.artifacts!.stats;
  await exporter.close(2000);
  sink.close();
  // Totals since start: they cover the warm-up runs too (the per-run figures divide by both).
  const bytes = (path: string): number => sink.counts.get(path)?.bytes ?? 0;
  process.stdout.write(
    `${JSON.stringify({
      profile: name,
      runs: simulated,
      warmupRuns: runsBefore,
      expositionBytes: profile.metrics === 'prometheus' || profile.metrics === 'both' ? exposition : 0,
      series: seriesLines,
      otlpMetricBytes,
      logLines: lines,
      logBytesPushed: bytes('/loki/api/v1/push'),
      spanBytes: bytes('/v1/traces'),
      artefacts: stats.written,
      artefactBytes: stats.writtenBytes,
      artefactsDeduplicated: stats.deduplicated,
      cpuMs: (cpu.user + cpu.system) / 1000,
      rssMB: rss / 1024 / 1024,
    })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
