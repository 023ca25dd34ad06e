/**
 * The sample exporter: simulates pipeline runs with the instrumentation library and serves
 * the resulting metrics. Used by `npm run exporter`, the preview stack, tests and benchmarks.
 */
import * as http from 'node:http';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { ArtifactRecorder, MemoryArtifactStore, type ArtifactStore } from '../artifacts';
import { StreamSink, Telemetry, type BatchOptions, type LogSink, type LokiOptions, type MetricsExporterMode } from '../instrumentation';
import { DEFAULT_HOST, DEFAULT_SPEED } from './config';
import { createMetricsHandler, limitConnections, listen } from './server';
import { hostsFor, Simulator, type Environment } from '../simulation';

export { ConfigError, resolveConfig, DEFAULT_PORT, DEFAULT_HOST, type ExporterConfig } from './config';
export { ListenError } from './server';
export { Simulator, tickPlan } from '../simulation';

export interface ExporterOptions {
  /** Bind address; loopback by default. */
  host?: string;
  /** 0 = an ephemeral port (the handle reports the real one). Default 0 here; the CLI defaults to 9464. */
  port?: number;
  environment?: Environment;
  /** Same seed → same sequence of simulated runs (and trace ids). Default: random. */
  seed?: number;
  /** Time compression; 1 ≈ 4 pipeline runs per second. */
  speed?: number;
  lokiUrl?: string;
  otlpEndpoint?: string;
  /** prometheus (default): serve /metrics; otlp: push to `{otlpEndpoint}/v1/metrics` and answer 404 on /metrics; both. */
  metricsExporter?: MetricsExporterMode;
  /** OTLP metrics push interval (default 15 s). */
  metricExportIntervalMs?: number;
  /** Replaces the OTLP/HTTP metric exporter (benchmarks). */
  metricExporter?: PushMetricExporter;
  /** Where toolchain output artefacts go: default a bounded in-memory store (the CLI passes a directory); null = not captured. */
  artifactStore?: ArtifactStore | null;
  /** Where JSON log lines go; default process.stdout, null = nowhere (benchmarks). */
  logStream?: NodeJS.WritableStream | null;
  /** Extra log sinks (tests). */
  logSinks?: LogSink[];
  /** Loki batching/backoff tuning (tests use short intervals). */
  loki?: Omit<Partial<LokiOptions>, 'url' | 'onDrop'>;
  otlpBatch?: BatchOptions;
  /** Fraction of traces exported (footprint profiles); default 1. */
  spanSampleRatio?: number;
  spanExporter?: SpanExporter;
  /** false: no timer; call `simulator.tick()` yourself (deterministic tests). Default true. */
  autoTick?: boolean;
  /** Receives one-line messages about sink failures (default: none). */
  onWarning?: (message: string) => void;
}

export interface ExporterHandle {
  /** Base URL, `http://HOST:PORT` (no path). */
  readonly url: string;
  /** `http://HOST:PORT/metrics`. */
  readonly metricsUrl: string;
  readonly host: string;
  readonly port: number;
  readonly telemetry: Telemetry;
  readonly simulator: Simulator;
  /** Stops simulating, flushes logs and spans (bounded), closes the server. Idempotent. */
  close(timeoutMs?: number): Promise<void>;
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export async function startExporter(options: ExporterOptions = {}): Promise<ExporterHandle> {
  const host = options.host ?? DEFAULT_HOST;
  const environment = options.environment ?? 'online';
  const seed = options.seed ?? Math.floor(Math.random() * 0xffffffff);
  const sinks: LogSink[] = [...(options.logSinks ?? [])];
  const logStream = options.logStream === undefined ? process.stdout : options.logStream;
  // Declared first so the stdout sink can count its drops in the registry the telemetry creates.
  // eslint-disable-next-line prefer-const -- the sink's closure reads it before the assignment below
  let telemetry: Telemetry | undefined;
  if (logStream) {
    sinks.push(new StreamSink(logStream, undefined, (n) => telemetry?.metrics.incCounter('telemetry_log_lines_dropped_total', { sink: 'stdout' }, n)));
  }
  telemetry = new Telemetry({
    environment,
    hostRegion: hostsFor(environment)[0]!.host_region,
    seed,
    logSinks: sinks,
    ...(options.lokiUrl ? { lokiUrl: options.lokiUrl } : {}),
    ...(options.loki || options.onWarning ? { loki: { ...options.loki, ...(options.onWarning ? { onError: options.onWarning } : {}) } } : {}),
    ...(options.otlpEndpoint ? { otlpEndpoint: options.otlpEndpoint } : {}),
    ...(options.otlpBatch ? { otlpBatch: options.otlpBatch } : {}),
    ...(options.spanSampleRatio !== undefined ? { spanSampleRatio: options.spanSampleRatio } : {}),
    ...(options.metricsExporter ? { metricsExporter: options.metricsExporter } : {}),
    ...(options.metricExportIntervalMs !== undefined || options.metricExporter
      ? {
          otlpMetrics: {
            ...(options.metricExportIntervalMs !== undefined ? { intervalMs: options.metricExportIntervalMs } : {}),
            ...(options.metricExporter ? { exporter: options.metricExporter } : {}),
          },
        }
      : {}),
    ...(options.spanExporter ? { spanExporter: options.spanExporter } : {}),
    ...(options.artifactStore === null
      ? {}
      : { artifacts: new ArtifactRecorder(options.artifactStore ?? new MemoryArtifactStore(), options.onWarning ? { onError: options.onWarning } : {}) }),
  });
  const simulator = new Simulator(telemetry, { environment, seed, speed: options.speed ?? DEFAULT_SPEED });
  // Slow or stalled clients (headers trickled in, never finished) are cut off instead of held forever.
  const server = http.createServer(
    { connectionsCheckingInterval: 2000, headersTimeout: 10_000, requestTimeout: 15_000 },
    createMetricsHandler({ metrics: telemetry.metrics, isReady: () => simulator.ready, servesMetrics: (options.metricsExporter ?? 'prometheus') !== 'otlp' }),
  );
  server.keepAliveTimeout = 5000;
  limitConnections(server);

  let port: number;
  try {
    port = await listen(server, host, options.port ?? 0);
  } catch (error) {
    await telemetry.shutdown(200);
    throw error;
  }
  // The first cycle runs after listening, so /healthz answers at once and /readyz flips when it is done.
  if (options.autoTick === false) simulator.warmUp();
  else setImmediate(() => simulator.start());

  let closing: Promise<void> | undefined;
  const url = `http://${urlHost(host)}:${port}`;
  return {
    url,
    metricsUrl: `${url}/metrics`,
    host,
    port,
    telemetry,
    simulator,
    close(timeoutMs = 1500) {
      closing ??= (async () => {
        simulator.stop();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        // Scrapers holding keep-alive connections must not delay shutdown.
        setTimeout(() => server.closeAllConnections(), Math.min(500, timeoutMs)).unref();
        await Promise.all([telemetry.shutdown(timeoutMs), closed]);
      })();
      return closing;
    },
  };
}
