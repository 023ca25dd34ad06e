/**
 * Typed instrumentation for the compile pipeline, derived from src/catalogue. Names, attribute
 * keys, label names/values and log fields outside the catalogue are compile-time errors.
 *
 *   initTelemetry({ environment: 'online', hostRegion: 'eu-central', otlpEndpoint: process.env.TELEMETRY_EXPORTER_ENDPOINT });
 *   await instrumentSpan('compile.execute', { 'backend.name': 'c99', ... }, async () => { ... });
 */
import type { LogEventName, MetricName, SpanAttributesOf, SpanName } from '../catalogue';
import { Telemetry, type TelemetryOptions } from './telemetry';
import type { SpanTiming, TypedSpan } from './tracing';
import type { LogFieldsOf, LogLine, MetricLabels } from './types';

export { Telemetry, type TelemetryOptions } from './telemetry';
export { MetricSet, TelemetryContractError, metricNames, type ExemplarLabels } from './metrics';
export { renderExposition, negotiateFormat, contentTypeOf, PROMETHEUS_CONTENT_TYPE, OPENMETRICS_CONTENT_TYPE, type ExpositionFormat } from './exposition';
export { OtlpMetricsPush, CatalogueMetricProducer, otlpIdentity, METRICS_EXPORTER_MODES, DEFAULT_METRIC_EXPORT_INTERVAL_MS, type MetricsExporterMode, type OtlpIdentity, type OtlpMetricsOptions } from './otlp-metrics';
export { Logger, StreamSink, MemorySink, type LogSink } from './logs';
export { LokiSink, streamOf, type LokiOptions, type LokiStats } from './loki';
export { Tracing, runInSpan, activeTraceContext, validateSpanAttributes, ensureGlobalContext, emittedSpanName, type TypedSpan, type SpanTiming, type BatchOptions, type ServiceTracers } from './tracing';
export { createRng } from './rng';
export { collectEvidence, type EvidenceRecord, type EvidenceDetails } from './evidence';
export type * from './types';

let defaultTelemetry: Telemetry | undefined;

/** Sets up the process-wide instance the helpers below use; returns it (for shutdown). */
export function initTelemetry(options: TelemetryOptions): Telemetry {
  defaultTelemetry = new Telemetry(options);
  return defaultTelemetry;
}

function current(): Telemetry {
  if (!defaultTelemetry) {
    // Without explicit setup: environment from TELEMETRY_ENVIRONMENT, spans exported only if TELEMETRY_EXPORTER_ENDPOINT is set.
    const environment = process.env.TELEMETRY_ENVIRONMENT === 'offline' ? 'offline' : 'online';
    const endpoint = process.env.TELEMETRY_EXPORTER_ENDPOINT;
    defaultTelemetry = new Telemetry({
      environment,
      hostRegion: environment === 'offline' ? 'airgap-lab' : 'eu-central',
      ...(endpoint ? { otlpEndpoint: endpoint } : {}),
    });
  }
  return defaultTelemetry;
}

export function instrumentSpan<S extends SpanName, T>(name: S, attributes: SpanAttributesOf<S>, fn: (span: TypedSpan<S>) => T, timing?: SpanTiming): T {
  return current().instrumentSpan(name, attributes, fn, timing);
}

export function recordMetric<M extends MetricName>(name: M, labels: MetricLabels<M>, value: number): void {
  current().recordMetric(name, labels, value);
}

export function logEvent<E extends LogEventName>(name: E, fields: LogFieldsOf<E>, options?: { time?: number }): LogLine {
  return current().logEvent(name, fields, options);
}
