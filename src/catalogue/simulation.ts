/**
 * How the sample exporter (src/simulation) produces each catalogue signal. Every field is
 * optional: an entry without a `simulation` block gets defaults from its type, unit, labels,
 * buckets and value sets, and still appears in /metrics, /readyz, the probe and preview.
 */
import type { LabelName } from './labels';
import type { SpanName } from './spans';

/** A random value: log-normal around a median (durations, sizes), uniform, or fixed. */
export type Distribution =
  | { readonly logNormal: { readonly median: number; readonly sigma: number } }
  | { readonly uniform: { readonly min: number; readonly max: number } }
  | { readonly constant: number };

/**
 * Where a recorded value comes from, besides a distribution:
 * - `span.seconds`: the duration of the span the metric is recorded in;
 * - `run.seconds`: the duration of the whole run so far;
 * - `span.error_ratio`: share of failed runs of that span over the last 20, per series (a gauge);
 * - `planned`: computed by the pipeline model in src/simulation (bundle sizes, registry state).
 */
export type ValueSource = 'span.seconds' | 'run.seconds' | 'span.error_ratio' | 'planned';

/** How a span ended, for signals recorded only on one of the two paths. */
export type SpanEnd = 'ok' | 'error';

export interface MetricSimulation {
  /** Recorded inside this span, once each time it runs (histogram exemplars carry its trace). Default: once per run, after its last span. */
  readonly span?: SpanName;
  /** Only when that span ends this way. Default: either way. */
  readonly when?: SpanEnd;
  /** Counter increment, gauge level or histogram/summary observation. Default from type, unit and buckets. */
  readonly value?: Distribution | ValueSource;
  /** An open-ended label whose values advance over time, keeping only the newest few series (bounded cardinality). */
  readonly rotate?: { readonly label: LabelName; readonly every: number; readonly keep: number };
  /**
   * The label combinations (all labels but environment and host_region) the metric has, when not
   * every combination of the value sets is valid: correlated labels (a model and its provider) or
   * optional ones (absent from a combination). Default: every combination.
   */
  readonly series?: readonly Readonly<Record<string, string>>[];
}

export interface SpanSimulation {
  /** Durations, attributes and failures come from the pipeline model (src/simulation/profiles.ts). */
  readonly planned?: boolean;
  /** Duration in seconds. Default: log-normal around 1 s. */
  readonly seconds?: Distribution;
  /** Runs inside this span, as its child, each time the parent runs. Default: a stage of its own, in catalogue order. */
  // A plain string: typing it SpanName would make the span catalogue's type refer to itself.
  // test/catalogue.test.ts checks that it names a catalogue span.
  readonly parent?: string;
  /** Share of runs in which the span fails (it sets error.code, and a failed stage ends the run). Default 0. */
  readonly errorRate?: number;
}

export interface LogSimulation {
  /** Written only when its span ends this way. Default: either way. */
  readonly when?: SpanEnd;
  /** Written when the span starts or when it ends. Default: end. */
  readonly at?: 'start' | 'end';
}
