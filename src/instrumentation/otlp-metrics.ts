/**
 * OTLP/HTTP metrics push beside the Prometheus pull path. The prom-client registry (MetricSet)
 * stays the one source of truth: a MetricProducer of the OpenTelemetry metrics SDK reads it at
 * every export, so both paths carry the same series and values by construction, and a series
 * removed from the registry (an old bundle revision) stops being pushed.
 *
 * Names and units are chosen so that the standard OTLP→Prometheus translation (Prometheus 3's
 * default `UnderscoreEscapingWithSuffixes`: unit suffix appended unless already a name token,
 * `_total` appended to monotonic sums, `_ratio` to gauges with unit "1", units in braces ignored)
 * gives back exactly the catalogue's names: `pipeline_latency_seconds` is pushed as
 * `pipeline_latency` with unit `s`, `compile_success_total` as the monotonic sum `compile_success`.
 */
import { ValueType, type Attributes, type HrTime } from '@opentelemetry/api';
import { hrTime, millisToHrTime } from '@opentelemetry/core';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  DataPointType,
  MeterProvider,
  PeriodicExportingMetricReader,
  type CollectionResult,
  type MetricData,
  type MetricProducer,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import { LOG_SERVICE_NAME, metrics as metricCatalogue, type MetricDef, type MetricName } from '../catalogue';
import type { MetricSet } from './metrics';

/** Which metrics path(s) an emitter uses (TELEMETRY_METRICS_EXPORTER). */
export type MetricsExporterMode = 'prometheus' | 'otlp' | 'both';
export const METRICS_EXPORTER_MODES: readonly MetricsExporterMode[] = ['prometheus', 'otlp', 'both'];

/** Catalogue unit → [Prometheus name suffix, UCUM unit that Prometheus translates back to that suffix]. */
const UNIT_SUFFIX: Record<MetricDef['unit'], readonly [string, string] | null> = {
  seconds: ['seconds', 's'],
  bytes: ['bytes', 'By'],
  ratio: ['ratio', '1'],
  count: null,
};

export interface OtlpIdentity {
  readonly name: string;
  readonly unit: string;
}

/**
 * The OTLP name and unit of a catalogue metric: `_total` of counters and a trailing unit word
 * are moved into the type and the UCUM unit, which the translation turns back into suffixes. A
 * unit whose suffix the name does not end with is left empty, since it would add one
 * (`verification_block_rate` with unit "1" would become `verification_block_rate_ratio`).
 */
export function otlpIdentity(name: MetricName): OtlpIdentity {
  const def: MetricDef = metricCatalogue[name];
  if (def.otel) return { name: def.otel.name, unit: def.otel.unit };
  const base = def.type === 'counter' ? name.replace(/_total$/, '') : name;
  const suffix = UNIT_SUFFIX[def.unit];
  // "_ratio" is only appended to gauges, so only a gauge may shed it.
  if (suffix && base.endsWith(`_${suffix[0]}`) && (suffix[0] !== 'ratio' || def.type === 'gauge' || def.type === 'summary')) {
    return { name: base.slice(0, -(suffix[0].length + 1)), unit: suffix[1] };
  }
  return { name: base, unit: '' };
}

interface PromSample {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

/** Labels as OTLP attributes, under their semantic-convention names where the metric declares them. */
function attributesOf(labels: Record<string, string | number>, drop?: string, names?: Readonly<Record<string, string | undefined>>): Attributes {
  const out: Attributes = {};
  for (const [k, v] of Object.entries(labels)) if (k !== drop) out[names?.[k] ?? k] = String(v);
  return out;
}

const keyOf = (attributes: Attributes): string => JSON.stringify(Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : 1)));

/**
 * Reads a MetricSet as OTLP metric data: counters as cumulative monotonic sums, gauges as
 * gauges, histograms as cumulative explicit-bucket histograms (same bounds). The SDK has no
 * summary type, so a summary goes out as what Prometheus stores for one: a gauge per quantile
 * (attribute `quantile`) and the gauges `<name>_sum` and `<name>_count`.
 */
export class CatalogueMetricProducer implements MetricProducer {
  /** Cumulative series start when the registry was created (every counter starts at zero then). */
  private readonly startTime: HrTime;

  constructor(
    private readonly set: MetricSet,
    startTimeMs = Date.now(),
  ) {
    this.startTime = millisToHrTime(startTimeMs);
  }

  async collect(): Promise<CollectionResult> {
    const endTime = hrTime();
    const out: MetricData[] = [];
    const point = <T>(attributes: Attributes, value: T) => ({ startTime: this.startTime, endTime, attributes, value });
    let names: Readonly<Record<string, string | undefined>> | undefined;
    const points = (samples: PromSample[]) => samples.map((s) => point(attributesOf(s.labels, undefined, names), s.value));
    const aggregationTemporality = AggregationTemporality.CUMULATIVE;
    for (const name of Object.keys(metricCatalogue) as MetricName[]) {
      const def: MetricDef = metricCatalogue[name];
      const { name: otlpName, unit } = otlpIdentity(name);
      names = def.otel?.attributes;
      const samples = ((await this.set.get(name).get()) as unknown as { values: PromSample[] }).values;
      const descriptor = { name: otlpName, description: def.help, unit, valueType: ValueType.DOUBLE };
      switch (def.type) {
        case 'counter':
          out.push({ descriptor, aggregationTemporality, dataPointType: DataPointType.SUM, isMonotonic: true, dataPoints: points(samples) });
          break;
        case 'gauge':
          out.push({ descriptor, aggregationTemporality, dataPointType: DataPointType.GAUGE, dataPoints: points(samples) });
          break;
        case 'histogram': {
          const dataPoints = histogramPoints(name, def, samples, names).map((h) => point(h.attributes, h.value));
          out.push({ descriptor, aggregationTemporality, dataPointType: DataPointType.HISTOGRAM, dataPoints });
          break;
        }
        case 'summary': {
          const quantiles = samples.filter((s) => s.metricName === undefined || s.metricName === name);
          out.push({ descriptor, aggregationTemporality, dataPointType: DataPointType.GAUGE, dataPoints: points(quantiles) });
          for (const part of ['sum', 'count'] as const) {
            out.push({
              descriptor: { name: `${name}_${part}`, description: def.help, unit: '', valueType: ValueType.DOUBLE },
              aggregationTemporality,
              dataPointType: DataPointType.GAUGE,
              dataPoints: points(samples.filter((s) => s.metricName === `${name}_${part}`)),
            });
          }
          break;
        }
      }
    }
    const scopeMetrics = [{ scope: { name: 'pipeline-instrumentation' }, metrics: out.filter((m) => m.dataPoints.length > 0) }];
    return { resourceMetrics: { resource: resourceFromAttributes({}), scopeMetrics }, errors: [] };
  }
}

interface HistogramValue {
  buckets: { boundaries: number[]; counts: number[] };
  sum: number;
  count: number;
}

/** prom-client's cumulative `_bucket` samples → per-bucket counts on the catalogue's bounds. */
function histogramPoints(
  name: string,
  def: MetricDef,
  samples: PromSample[],
  names?: Readonly<Record<string, string | undefined>>,
): Array<{ attributes: Attributes; value: HistogramValue }> {
  const boundaries = [...(def.buckets ?? [])];
  const series = new Map<string, { attributes: Attributes; cumulative: number[]; sum: number; count: number }>();
  const entry = (labels: Record<string, string | number>) => {
    const attributes = attributesOf(labels, 'le', names);
    const key = keyOf(attributes);
    let e = series.get(key);
    if (!e) {
      e = { attributes, cumulative: new Array<number>(boundaries.length + 1).fill(0), sum: 0, count: 0 };
      series.set(key, e);
    }
    return e;
  };
  for (const s of samples) {
    const e = entry(s.labels);
    if (s.metricName === `${name}_sum`) e.sum = s.value;
    else if (s.metricName === `${name}_count`) e.count = s.value;
    else {
      const le = s.labels.le;
      const index = le === '+Inf' ? boundaries.length : boundaries.indexOf(Number(le));
      if (index >= 0) e.cumulative[index] = s.value;
    }
  }
  return [...series.values()].map((e) => ({
    attributes: e.attributes,
    value: { buckets: { boundaries, counts: e.cumulative.map((c, i) => c - (i > 0 ? e.cumulative[i - 1]! : 0)) }, sum: e.sum, count: e.count },
  }));
}

export interface OtlpMetricsOptions {
  /** OTLP/HTTP base URL (TELEMETRY_EXPORTER_ENDPOINT); metrics go to `{base}/v1/metrics`. */
  endpoint: string;
  /** Export interval (OTEL_METRIC_EXPORT_INTERVAL); default 15 s, Prometheus' usual scrape interval. */
  intervalMs?: number;
  timeoutMs?: number;
  resourceAttributes?: Record<string, string>;
  /** Replaces the OTLP/HTTP exporter (tests, the footprint benchmark). */
  exporter?: PushMetricExporter;
}

export const DEFAULT_METRIC_EXPORT_INTERVAL_MS = 15_000;

/** Periodic OTLP/HTTP push of a MetricSet through the SDK's reader and exporter. */
export class OtlpMetricsPush {
  readonly provider: MeterProvider;
  readonly reader: PeriodicExportingMetricReader;

  constructor(set: MetricSet, options: OtlpMetricsOptions) {
    const intervalMs = options.intervalMs ?? DEFAULT_METRIC_EXPORT_INTERVAL_MS;
    const timeoutMs = Math.min(options.timeoutMs ?? 5000, intervalMs);
    const url = `${options.endpoint.replace(/\/+$/, '')}/v1/metrics`;
    const exporter = options.exporter ?? new OTLPMetricExporter({ url, timeoutMillis: timeoutMs });
    this.reader = new PeriodicExportingMetricReader({
      exporter,
      exportIntervalMillis: intervalMs,
      exportTimeoutMillis: timeoutMs,
      metricProducers: [new CatalogueMetricProducer(set)],
    });
    const resource = resourceFromAttributes({ 'service.name': LOG_SERVICE_NAME, ...options.resourceAttributes });
    this.provider = new MeterProvider({ resource, readers: [this.reader] });
  }

  async forceFlush(): Promise<void> {
    await this.reader.forceFlush();
  }

  /** Pushes once more and stops; bounded by timeoutMs so a dead receiver cannot hold up exit. */
  async shutdown(timeoutMs = 1500): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.provider.shutdown({ timeoutMillis: timeoutMs }).catch(() => undefined),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
        timer.unref();
      }),
    ]);
    if (timer) clearTimeout(timer);
  }
}
