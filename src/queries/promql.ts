/**
 * Typed PromQL builders over the catalogue. Each expression carries, at the type level, the
 * kind of series it yields and the labels it still has, so that `tsc` rejects queries that
 * Prometheus would accept but that would show wrong or empty panels: an unknown metric or
 * label, a value outside a closed label set, `rate()` on a gauge, or `histogram_quantile`
 * over something that is not a bucket rate grouped by `le`.
 */
import { labels, metrics, type LabelName, type LabelValue, type LabelsOf, type MetricName, type MetricsOfType } from '../catalogue';

/**
 * counter: raw monotonic counter samples (counters, histogram/summary _sum and _count);
 * bucket: raw histogram bucket counters (carry `le`); gauge; summary: quantile series;
 * rate: per-second rate or increase of counters; buckets: rate/increase of buckets (histogram_quantile input);
 * value: anything else computed.
 */
export type SeriesKind = 'counter' | 'bucket' | 'gauge' | 'summary' | 'rate' | 'buckets' | 'value';

export class Expr<K extends SeriesKind, L extends string> {
  declare readonly __kind: K;
  declare readonly __labels: L;
  /**
   * The labels of `L` at run time, so the build (which does not type-check) refuses the same groupings `tsc` does;
   * undefined where they are unknown (raw PromQL: the validator checks it).
   */
  constructor(
    readonly text: string,
    readonly labels: readonly string[] | undefined,
  ) {}
  toString(): string {
    return this.text;
  }
}

/** A Grafana template variable reference, e.g. `$backend` or `${backend}`. */
export type Variable = `$${string}`;
export type Duration = `${number}${'ms' | 's' | 'm' | 'h' | 'd' | 'w'}`;
/** Range window: a Grafana interval variable or a literal duration. */
export type RangeWindow = '$__rate_interval' | '$__interval' | '$__range' | Duration;

export interface Matcher {
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}
/** Literal value (closed labels: one of the catalogue's values), variable, or explicit matcher. */
export type MatchValue<N extends LabelName> = LabelValue<N> | Variable | Matcher;

export const not = (value: string): Matcher => ({ op: '!=', value });
export const matches = (regex: string): Matcher => ({ op: '=~', value: regex });
export const notMatches = (regex: string): Matcher => ({ op: '!~', value: regex });

function quote(value: string): string {
  return JSON.stringify(value);
}

function toMatcher(label: string, value: string | Matcher): string {
  if (typeof value === 'object') return `${label}${value.op}${quote(value.value)}`;
  // Variables may be multi-value; Grafana expands those to a regex alternation, so match with =~.
  if (value.startsWith('$')) return `${label}=~${quote(value)}`;
  const def = (labels as Record<string, { closed: boolean; values: readonly string[] }>)[label];
  if (def?.closed && !def.values.includes(value)) {
    throw new Error(`label ${label}: "${value}" is not one of ${def.values.join(', ')}`);
  }
  return `${label}=${quote(value)}`;
}

/** Edit distance, for "did you mean" (names are short). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

function didYouMean(name: string, known: readonly string[]): string {
  const best = [...known].sort((x, y) => distance(name, x) - distance(name, y))[0];
  return best !== undefined && distance(name, best) <= Math.max(2, Math.floor(name.length / 3)) ? `; did you mean "${best}"?` : '';
}

/** The dashboard module line that called the builder (the build does not type-check, so it says where). */
function callSite(): string {
  const limit = Error.stackTraceLimit;
  // Dashboards may reach the builders through a few helpers; the default of 10 frames can miss the module.
  Error.stackTraceLimit = 50;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  const frame = stack.split('\n').find((line) => /[\\/]dashboards[\\/][^\\/]+\.ts:\d+/.test(line));
  const m = frame ? /([^\s(]*[\\/]dashboards[\\/][^\\/]+\.ts):(\d+)/.exec(frame) : null;
  return m ? ` (at ${m[1]!.slice(m[1]!.search(/dashboards[\\/]/))}:${m[2]})` : '';
}

/** Labels Prometheus adds to derived series: `le` on buckets, `quantile` on summary quantiles. */
function syntheticLabels(series: string, name: MetricName): string[] {
  if (series.endsWith('_bucket')) return ['le'];
  if (series === name && metrics[name].type === 'summary') return ['quantile'];
  return [];
}

export class Range<K extends SeriesKind, L extends string> {
  declare readonly __range: true;
  declare readonly __kind: K;
  declare readonly __labels: L;
  constructor(
    readonly text: string,
    readonly labels: readonly string[] | undefined,
  ) {}
}

export class Selector<K extends SeriesKind, M extends MetricName, L extends string> extends Expr<K, L> {
  constructor(
    readonly metric: M,
    readonly series: string,
    private readonly matchers: readonly string[] = [],
  ) {
    if (!(metric in metrics)) throw new Error(`unknown metric "${metric}"${didYouMean(metric, Object.keys(metrics))}${callSite()}`);
    super(matchers.length ? `${series}{${matchers.join(', ')}}` : series, [...(metrics[metric].labels as readonly string[]), ...syntheticLabels(series, metric)]);
  }

  /** Adds label matchers; only the metric's own labels are accepted. */
  where(match: { [N in L]?: N extends LabelName ? MatchValue<N> : string | Matcher }): Selector<K, M, L> {
    const own = this.labels!;
    const added = Object.entries(match as Record<string, string | Matcher | undefined>)
      .filter((entry): entry is [string, string | Matcher] => entry[1] !== undefined)
      .map(([label, value]) => {
        if (!own.includes(label)) throw new Error(`${this.metric} has no label "${label}"${didYouMean(label, own)}${callSite()}`);
        return toMatcher(label, value);
      });
    return new Selector<K, M, L>(this.metric, this.series, [...this.matchers, ...added]);
  }

  over(window: RangeWindow): Range<K, L> {
    return new Range<K, L>(`${this.text}[${window}]`, this.labels);
  }
}

/** Series of a counter, gauge or summary (quantiles) by its catalogue name. */
export function metric<M extends MetricsOfType<'counter' | 'gauge' | 'summary'>>(
  name: M,
): Selector<(typeof metrics)[M]['type'] & SeriesKind, M, LabelsOf<M> | QuantileLabel<M>> {
  return new Selector(name, name);
}
type QuantileLabel<M extends MetricName> = (typeof metrics)[M]['type'] extends 'summary' ? 'quantile' : never;

/** The `_bucket` series of a histogram. */
export function bucket<M extends MetricsOfType<'histogram'>>(name: M): Selector<'bucket', M, LabelsOf<M> | 'le'> {
  return new Selector(name, `${name}_bucket`);
}
/** The `_sum` counter of a histogram or summary. */
export function sumOf<M extends MetricsOfType<'histogram' | 'summary'>>(name: M): Selector<'counter', M, LabelsOf<M>> {
  return new Selector(name, `${name}_sum`);
}
/** The `_count` counter of a histogram or summary. */
export function countOf<M extends MetricsOfType<'histogram' | 'summary'>>(name: M): Selector<'counter', M, LabelsOf<M>> {
  return new Selector(name, `${name}_count`);
}

type RateKind<K extends SeriesKind> = K extends 'bucket' ? 'buckets' : 'rate';
/** Per-second rate of a counter (or histogram buckets). Gauges and summaries are rejected by type. */
export function rate<K extends 'counter' | 'bucket', L extends string>(r: Range<K, L>): Expr<RateKind<K>, L> {
  return new Expr(`rate(${r.text})`, r.labels);
}
export function irate<K extends 'counter' | 'bucket', L extends string>(r: Range<K, L>): Expr<RateKind<K>, L> {
  return new Expr(`irate(${r.text})`, r.labels);
}
export function increase<K extends 'counter' | 'bucket', L extends string>(r: Range<K, L>): Expr<RateKind<K>, L> {
  return new Expr(`increase(${r.text})`, r.labels);
}

type OverTime = 'avg_over_time' | 'max_over_time' | 'min_over_time' | 'last_over_time';
function overTime(fn: OverTime) {
  return <K extends 'gauge' | 'summary', L extends string>(r: Range<K, L>): Expr<K, L> => new Expr(`${fn}(${r.text})`, r.labels);
}
/** Aggregations over time for gauges (counters need rate/increase instead). */
export const avgOverTime = overTime('avg_over_time');
export const maxOverTime = overTime('max_over_time');
export const minOverTime = overTime('min_over_time');
export const lastOverTime = overTime('last_over_time');

type AggregationOp = 'sum' | 'avg' | 'max' | 'min' | 'count';

export class Aggregation<K extends SeriesKind, L extends string> extends Expr<K, never> {
  constructor(
    private readonly op: AggregationOp,
    private readonly inner: Expr<K, L>,
  ) {
    super(`${op}(${inner.text})`, []);
  }
  /** Keeps only the given labels (each must exist on the inner expression). */
  by<G extends L>(...grouping: G[]): Expr<K, G> {
    this.mustCarry('by', grouping);
    return new Expr(`${this.op} by (${grouping.join(', ')}) (${this.inner.text})`, grouping);
  }
  without<G extends L>(...dropped: G[]): Expr<K, Exclude<L, G>> {
    this.mustCarry('without', dropped);
    const kept = this.inner.labels?.filter((l) => !(dropped as string[]).includes(l));
    return new Expr(`${this.op} without (${dropped.join(', ')}) (${this.inner.text})`, kept);
  }
  /** A grouping label the inner series lack would merge everything into one series (by) or do nothing (without). */
  private mustCarry(clause: 'by' | 'without', names: readonly string[]): void {
    const known = this.inner.labels;
    if (!known) return;
    for (const name of names) {
      if (known.includes(name)) continue;
      const carried = known.length ? known.join(', ') : 'none';
      throw new Error(
        `${this.op} ${clause} (${name}): ${this.inner.text} has no label "${name}"${didYouMean(name, known)} (labels: ${carried})${callSite()}`,
      );
    }
  }
}

function aggregation(op: AggregationOp) {
  return <K extends SeriesKind, L extends string>(e: Expr<K, L>): Aggregation<K, L> => new Aggregation(op, e);
}
export const sum = aggregation('sum');
export const avg = aggregation('avg');
export const max = aggregation('max');
export const min = aggregation('min');
export const count = aggregation('count');

type NeedsLe<L extends string> = 'le' extends L ? unknown : { 'histogram_quantile needs `le` kept in the grouping': never };

/** φ-quantile from bucket rates. The input must be rate/increase of `_bucket` series still grouped by `le`. */
export function histogramQuantile<L extends string>(
  phi: number,
  buckets: Expr<'buckets', L> & NeedsLe<L>,
): Expr<'value', Exclude<L, 'le'>> {
  if (!(phi >= 0 && phi <= 1)) throw new Error(`histogram_quantile: φ must be within [0, 1], got ${phi}`);
  return new Expr(`histogram_quantile(${phi}, ${buckets.text})`, buckets.labels?.filter((l) => l !== 'le'));
}

type Operand = Expr<SeriesKind, string> | number;
const operand = (o: Operand): string => (typeof o === 'number' ? String(o) : `(${o.text})`);
function binary(op: '+' | '-' | '*' | '/') {
  return <L extends string>(left: Expr<SeriesKind, L>, right: Operand): Expr<'value', L> =>
    // One-to-one matching keeps the left side's labels (what the type says too).
    new Expr(`${operand(left)} ${op} ${operand(right)}`, left.labels);
}
export const add = binary('+');
export const sub = binary('-');
export const mul = binary('*');
export const div = binary('/');

/** Clamps at a floor, e.g. to avoid dividing by zero rates. */
export function clampMin<K extends SeriesKind, L extends string>(e: Expr<K, L>, floor: number): Expr<K, L> {
  return new Expr(`clamp_min(${e.text}, ${floor})`, e.labels);
}

/** Escape hatch for PromQL the builders do not cover; the validator checks it against the catalogue. */
export function raw(text: string): Expr<'value', string> {
  return new Expr(text, undefined);
}

/** Grafana variable query `label_values(metric{…}, label)` over a catalogue metric's own label. */
export function labelValues<K extends SeriesKind, M extends MetricName, L extends string>(
  selector: Selector<K, M, L>,
  label: NoInfer<Extract<L, LabelName>>,
): string {
  return `label_values(${selector.text}, ${label})`;
}
