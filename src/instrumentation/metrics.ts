/**
 * prom-client metrics built from the catalogue: one registry, one metric object per catalogue
 * entry (never defined twice), label values checked against the catalogue at runtime too, so
 * untyped callers cannot raise cardinality past the declared value sets.
 */
import { Counter, Gauge, Histogram, Registry, Summary } from 'prom-client';
import { labels as labelCatalogue, metrics as metricCatalogue, type LabelName, type MetricName } from '../catalogue';
import type { CounterName, GaugeName, HistogramName, MetricLabels, SummaryName } from './types';

/** Raised when a call breaks the catalogue contract (unknown metric, label or value). */
export class TelemetryContractError extends Error {
  override readonly name = 'TelemetryContractError';
}

export interface ExemplarLabels {
  readonly trace_id: string;
}

type AnyMetric = Counter<string> | Gauge<string> | Histogram<string> | Summary<string>;

interface LabelCheck {
  readonly name: LabelName;
  readonly optional: boolean;
  readonly allowed: ReadonlySet<string> | null;
  readonly pattern: RegExp | null;
}

function labelChecks(metric: MetricName): LabelCheck[] {
  const def0 = metricCatalogue[metric] as { labels: readonly LabelName[]; optionalLabels?: readonly LabelName[] };
  return def0.labels.map((name) => {
    const def = labelCatalogue[name];
    return {
      name,
      optional: def0.optionalLabels?.includes(name) ?? false,
      allowed: def.closed ? new Set<string>(def.values) : null,
      pattern: 'pattern' in def && def.pattern ? new RegExp(def.pattern) : null,
    };
  });
}

/** Generic label sets resolve their value types late; at runtime they are plain string maps. */
function plain(labels: unknown): Record<string, string> {
  return labels as Record<string, string>;
}

export const metricNames = Object.keys(metricCatalogue) as MetricName[];

export class MetricSet {
  /**
   * OpenMetrics registry: prom-client only accepts exemplar-enabled metrics on one. Render
   * with `renderExposition` (exposition.ts), not `registry.metrics()`: the latter renames
   * counters in place when asked for OpenMetrics.
   */
  readonly registry: Registry<'application/openmetrics-text; version=1.0.0; charset=utf-8'>;
  /** Bumped on every change; lets servers cache the rendered exposition between changes. */
  version = 0;
  private readonly objects = new Map<MetricName, AnyMetric>();
  private readonly checks = new Map<MetricName, LabelCheck[]>();
  /** Label sets with samples, per metric (what readiness and coverage look at). */
  private readonly recorded = new Map<MetricName, Map<string, Readonly<Record<string, string>>>>();

  constructor() {
    this.registry = new Registry<'application/openmetrics-text; version=1.0.0; charset=utf-8'>();
    this.registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    for (const name of metricNames) {
      const def = metricCatalogue[name];
      const common = { name, help: def.help, labelNames: [...def.labels], registers: [this.registry] };
      let metric: AnyMetric;
      switch (def.type) {
        case 'counter':
          metric = new Counter(common);
          break;
        case 'gauge':
          metric = new Gauge(common);
          break;
        case 'histogram':
          metric = new Histogram({ ...common, buckets: [...(def as { buckets: readonly number[] }).buckets], enableExemplars: true });
          break;
        case 'summary':
          metric = new Summary({ ...common, percentiles: [...(def as { quantiles: readonly number[] }).quantiles] });
          break;
      }
      this.objects.set(name, metric);
      this.checks.set(name, labelChecks(name));
    }
  }

  /** Throws TelemetryContractError unless `labels` is the catalogue's label set (optional ones may be absent) with legal values. */
  validate(name: MetricName, labels: Record<string, string>): void {
    const checks = this.checks.get(name);
    if (!checks) throw new TelemetryContractError(`unknown metric "${String(name)}"`);
    for (const check of checks) {
      const value = labels[check.name];
      if (value === undefined && check.optional) continue;
      if (typeof value !== 'string') throw new TelemetryContractError(`${name}: label "${check.name}" is missing`);
      if (check.allowed && !check.allowed.has(value)) {
        throw new TelemetryContractError(`${name}: label ${check.name}="${value}" is not one of ${[...check.allowed].join(', ')}`);
      }
      if (check.pattern && !check.pattern.test(value)) {
        throw new TelemetryContractError(`${name}: label ${check.name}="${value}" does not match ${check.pattern.source}`);
      }
    }
    if (Object.keys(labels).some((given) => !checks.some((c) => c.name === given))) {
      throw new TelemetryContractError(`${name}: labels must be exactly {${checks.map((c) => c.name + (c.optional ? '?' : '')).join(', ')}}, got {${Object.keys(labels).join(', ')}}`);
    }
  }

  private touch(name: MetricName, labels: Record<string, string>): void {
    let series = this.recorded.get(name);
    if (!series) this.recorded.set(name, (series = new Map()));
    series.set(this.seriesKey(name, labels), { ...labels });
    this.version++;
  }

  private seriesKey(name: MetricName, labels: Record<string, string>): string {
    return (this.checks.get(name) ?? []).map((c) => labels[c.name]).join('\u0000');
  }

  /** Label sets of `name` that have samples (recorded and not removed since). */
  seriesOf(name: MetricName): readonly Readonly<Record<string, string>>[] {
    return [...(this.recorded.get(name)?.values() ?? [])];
  }

  private object(name: MetricName): AnyMetric {
    const metric = this.objects.get(name);
    if (!metric) throw new TelemetryContractError(`unknown metric "${String(name)}"`);
    return metric;
  }

  incCounter<M extends CounterName>(name: M, typed: MetricLabels<M>, by = 1): void {
    const labels = plain(typed);
    this.validate(name, labels);
    if (!(by >= 0)) throw new TelemetryContractError(`${name}: counters only increase (got ${by})`);
    (this.object(name) as Counter<string>).inc(labels, by);
    this.touch(name, labels);
  }

  setGauge<M extends GaugeName>(name: M, typed: MetricLabels<M>, value: number): void {
    const labels = plain(typed);
    this.validate(name, labels);
    (this.object(name) as Gauge<string>).set(labels, value);
    this.touch(name, labels);
  }

  /** Histogram observation; the exemplar (if any) is attached to the bucket the value falls in. */
  observeHistogram<M extends HistogramName>(name: M, typed: MetricLabels<M>, value: number, exemplar?: ExemplarLabels): void {
    const labels = plain(typed);
    this.validate(name, labels);
    const histogram = this.object(name) as Histogram<string>;
    histogram.observe({ labels, value, exemplarLabels: exemplar ? { trace_id: exemplar.trace_id } : {} });
    this.touch(name, labels);
  }

  observeSummary<M extends SummaryName>(name: M, typed: MetricLabels<M>, value: number): void {
    const labels = plain(typed);
    this.validate(name, labels);
    (this.object(name) as Summary<string>).observe(labels, value);
    this.touch(name, labels);
  }

  /** Drops one label set (e.g. an old bundle revision) so memory and cardinality stay bounded. */
  removeSeries<M extends MetricName>(name: M, typed: MetricLabels<M>): void {
    const labels = plain(typed);
    this.validate(name, labels);
    this.object(name).remove(labels);
    this.recorded.get(name)?.delete(this.seriesKey(name, labels));
    this.version++;
  }

  /** The prom-client object behind a catalogue metric, for reading values. */
  get(name: MetricName): AnyMetric {
    return this.object(name);
  }
}
