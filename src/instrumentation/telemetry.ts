/**
 * The instrumentation facade: one MetricSet (prom-client registry), one tracer provider and one
 * logger, with the typed helpers a pipeline calls. `Telemetry` instances are independent (the
 * exporter, the probe and tests each make their own); the module-level helpers in index.ts use
 * a process default.
 */
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ArtifactRecorder } from '../artifacts';
import { metrics as metricCatalogue, type LogEventName, type MetricName, type SpanAttributesOf, type SpanName } from '../catalogue';
import { Logger, type LogSink } from './logs';
import { LokiSink, type LokiOptions } from './loki';
import { MetricSet, TelemetryContractError } from './metrics';
import { OtlpMetricsPush, type MetricsExporterMode, type OtlpMetricsOptions } from './otlp-metrics';
import { activeTraceContext, runInSpan, Tracing, type BatchOptions, type SpanTiming, type TypedSpan } from './tracing';
import type { CounterName, GaugeName, HistogramName, LogFieldsOf, LogLine, MetricLabels, SummaryName } from './types';

export interface TelemetryOptions {
  environment: 'online' | 'offline';
  /** Default host_region of log lines (a call may override it). */
  hostRegion: string;
  /** OTLP/HTTP base URL (TELEMETRY_EXPORTER_ENDPOINT); unset = spans are not exported. */
  otlpEndpoint?: string;
  /** Metrics path(s) (TELEMETRY_METRICS_EXPORTER): `otlp`/`both` push metrics to `{otlpEndpoint}/v1/metrics`. Default prometheus (pull only). */
  metricsExporter?: MetricsExporterMode;
  otlpMetrics?: Omit<OtlpMetricsOptions, 'endpoint' | 'resourceAttributes'>;
  otlpBatch?: BatchOptions;
  /** Fraction of traces exported (the air-gapped profile keeps a sample); default 1. */
  spanSampleRatio?: number;
  /** Additional span exporter, e.g. InMemorySpanExporter. */
  spanExporter?: SpanExporter;
  seed?: number;
  logSinks?: LogSink[];
  /** Loki base URL; adds a LokiSink whose drops count in telemetry_log_lines_dropped_total{sink="loki"}. */
  lokiUrl?: string;
  loki?: Omit<Partial<LokiOptions>, 'url' | 'onDrop'>;
  /** Where toolchain stdout/stderr go (by sha256 id on the compile.execute span), instead of the log stream. */
  artifacts?: ArtifactRecorder;
}

export class Telemetry {
  readonly metrics = new MetricSet();
  readonly tracing: Tracing;
  readonly logger: Logger;
  readonly loki: LokiSink | undefined;
  readonly otlpMetrics: OtlpMetricsPush | undefined;
  readonly artifacts: ArtifactRecorder | undefined;

  constructor(readonly options: TelemetryOptions) {
    const resourceAttributes = { 'deployment.environment.name': options.environment, 'host.region': options.hostRegion };
    this.tracing = new Tracing({
      otlpEndpoint: options.otlpEndpoint,
      spanExporter: options.spanExporter,
      batch: options.otlpBatch,
      ...(options.spanSampleRatio !== undefined ? { sampleRatio: options.spanSampleRatio } : {}),
      seed: options.seed,
      resourceAttributes,
    });
    this.artifacts = options.artifacts;
    const mode = options.metricsExporter ?? 'prometheus';
    if (mode !== 'prometheus') {
      if (!options.otlpEndpoint && !options.otlpMetrics?.exporter) throw new TelemetryContractError(`metrics exporter "${mode}" needs an OTLP endpoint`);
      this.otlpMetrics = new OtlpMetricsPush(this.metrics, { endpoint: options.otlpEndpoint ?? '', resourceAttributes, ...options.otlpMetrics });
    }
    this.logger = new Logger({ environment: options.environment, host_region: options.hostRegion }, options.logSinks ?? []);
    if (options.lokiUrl) {
      this.loki = new LokiSink({
        ...options.loki,
        url: options.lokiUrl,
        onDrop: (n) => this.metrics.incCounter('telemetry_log_lines_dropped_total', { sink: 'loki' }, n),
      });
      this.logger.addSink(this.loki);
    }
  }

  /** Runs fn in a span named S with its catalogue attributes (see runInSpan). */
  instrumentSpan<S extends SpanName, T>(name: S, attributes: SpanAttributesOf<S>, fn: (span: TypedSpan<S>) => T, timing?: SpanTiming): T {
    return runInSpan(this.tracing.tracers, name, attributes, fn, timing);
  }

  /** Runs fn in a trace: joins `traceparent` if given, else starts a new trace id. */
  inTrace<T>(traceparent: string | undefined, fn: (traceId: string) => T): T {
    return this.tracing.inTrace(traceparent, fn);
  }

  /**
   * The playbook's `record_metric`: counters add `value`, gauges are set to it, histograms and
   * summaries observe it. Histogram observations made inside a span carry its trace_id as exemplar.
   */
  recordMetric<M extends MetricName>(name: M, labels: MetricLabels<M>, value: number): void {
    const def = metricCatalogue[name];
    if (!def) throw new TelemetryContractError(`unknown metric "${String(name)}"`);
    switch (def.type) {
      case 'counter':
        return this.metrics.incCounter(name as CounterName, labels as MetricLabels<CounterName>, value);
      case 'gauge':
        return this.metrics.setGauge(name as GaugeName, labels as MetricLabels<GaugeName>, value);
      case 'histogram': {
        const active = activeTraceContext();
        const exemplar = active ? { trace_id: active.trace_id } : undefined;
        return this.metrics.observeHistogram(name as HistogramName, labels as MetricLabels<HistogramName>, value, exemplar);
      }
      case 'summary':
        return this.metrics.observeSummary(name as SummaryName, labels as MetricLabels<SummaryName>, value);
    }
  }

  logEvent<E extends LogEventName>(name: E, fields: LogFieldsOf<E>, options?: { time?: number }): LogLine {
    return this.logger.logEvent(name, fields, options);
  }

  /** Flushes logs and spans, then stops exporting; bounded by timeoutMs overall. */
  async shutdown(timeoutMs = 1500): Promise<void> {
    await Promise.all([
      this.logger.close(timeoutMs),
      this.tracing.shutdown(timeoutMs),
      this.otlpMetrics?.shutdown(timeoutMs),
      this.artifacts?.flush(timeoutMs),
    ]);
  }
}
