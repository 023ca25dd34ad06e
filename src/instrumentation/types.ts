/**
 * Types derived from the catalogue: what the instrumentation helpers accept. A name, label
 * or field the catalogue does not declare is a compile-time error at the call site.
 */
import type { FieldDef, LabelValue, LabelsOf, LogEventName, MetricName, Metrics, MetricsOfType, OptionalLabelsOf } from '../catalogue';
import type { logEvents } from '../catalogue';

/** Label set of metric M: every catalogue label present (optional ones may be left out), closed labels restricted to their values. */
export type MetricLabels<M extends MetricName> = { [L in Exclude<LabelsOf<M>, OptionalLabelsOf<M>>]: LabelValue<L> } & {
  [L in OptionalLabelsOf<M>]?: LabelValue<L>;
};

export type CounterName = MetricsOfType<'counter'>;
export type GaugeName = MetricsOfType<'gauge'>;
export type HistogramName = MetricsOfType<'histogram'>;
export type SummaryName = MetricsOfType<'summary'>;
export type MetricTypeOf<M extends MetricName> = Metrics[M]['type'];

/** Fields the logger fills itself (timestamp, event kind, trace context). */
export type AutoLogField = 'ts' | 'event' | 'trace_id' | 'span_id';
/** Fields with a per-emitter default (host identity, severity) that a call may override. */
export type DefaultedLogField = 'level' | 'environment' | 'host_region';

type EventFields<E extends LogEventName> = (typeof logEvents)[E]['fields'];
type FieldValue<F> = F extends { type: 'number' }
  ? number
  : F extends { type: 'boolean' }
    ? boolean
    : F extends { values: readonly (infer V)[] }
      ? V
      : string;
type OptionalKeys<E extends LogEventName> = {
  [K in keyof EventFields<E>]: EventFields<E>[K] extends { optional: true } ? K : never;
}[keyof EventFields<E>];
type CallerKeys<E extends LogEventName> = Exclude<keyof EventFields<E>, AutoLogField>;

/** Fields a `logEvent(E, …)` call passes: required ones must be there, unknown ones are rejected. */
export type LogFieldsOf<E extends LogEventName> = {
  [K in Exclude<CallerKeys<E>, OptionalKeys<E> | DefaultedLogField>]: FieldValue<EventFields<E>[K]>;
} & {
  [K in Extract<CallerKeys<E>, OptionalKeys<E> | DefaultedLogField>]?: FieldValue<EventFields<E>[K]>;
};

/** A complete log line as written to sinks. */
export type LogLine = Readonly<Record<string, string | number | boolean>> & {
  readonly ts: string;
  readonly event: LogEventName;
  readonly trace_id: string;
  readonly span_id: string;
};

export type { FieldDef };
