import type { LabelName } from './labels';
import type { MetricSimulation } from './simulation';
import { stageMetrics } from './stage-metrics';

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary';
/** Base unit of a metric, as Prometheus naming asks (seconds, bytes, ratios, plain counts). */
export type MetricUnit = 'seconds' | 'bytes' | 'ratio' | 'count';

export interface MetricDef {
  readonly type: MetricType;
  readonly help: string;
  readonly unit: MetricUnit;
  readonly labels: readonly LabelName[];
  /** Labels (among `labels`) that a series carries only when they apply, e.g. error_type on failures. */
  readonly optionalLabels?: readonly LabelName[];
  /** Histogram bucket upper bounds (exclusive of +Inf), strictly increasing. */
  readonly buckets?: readonly number[];
  /** Summary quantiles, strictly increasing in (0, 1). */
  readonly quantiles?: readonly number[];
  /** Why these labels/buckets: shown in the generated data contract. */
  readonly notes?: string;
  /**
   * Which part of the system emits it: pipeline runs, the registry readiness check (every host,
   * every 20 runs), the exporter itself (its own health; zero until something happens), or one
   * of the stage 2/3 services (planner, executor, LLM calls, verification runners, compliance).
   */
  readonly source: 'pipeline' | 'registry' | 'exporter' | 'planner' | 'executor' | 'llm' | 'verification' | 'compliance';
  /** How the sample exporter simulates it; omitted parts default from type, unit, labels and buckets. */
  readonly simulation?: MetricSimulation;
  /**
   * For a semantic-convention instrument: its OpenTelemetry name, UCUM unit and the attribute each
   * label stands for. The OTLP push uses them, and Prometheus' OTLP translation gives back the
   * catalogue's names.
   */
  readonly otel?: { readonly name: string; readonly unit: string; readonly attributes: Readonly<Partial<Record<LabelName, string>>> };
}

export const metrics = {
  pipeline_latency_seconds: {
    type: 'histogram',
    help: 'Total duration of a pipeline run, from specification ingest to the distribution event.',
    unit: 'seconds',
    labels: ['environment', 'host_region', 'backend'],
    // Runs take from a couple of seconds (cache hits) to ten minutes (cold offline builds with verification).
    buckets: [1, 2.5, 5, 10, 20, 30, 45, 60, 90, 120, 180, 300, 600],
    notes: 'Exemplars carry the trace_id of the run, linking heatmap cells to traces.',
    source: 'pipeline',
    simulation: { span: 'distribute.package', value: 'run.seconds' },
  },
  lowering_duration_seconds: {
    type: 'histogram',
    help: 'Duration of one backend lowering call (codegen.lower) for one operator.',
    unit: 'seconds',
    labels: ['environment', 'host_region', 'backend', 'operator'],
    // Lowering one operator takes milliseconds to a few seconds.
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    source: 'pipeline',
    simulation: { span: 'codegen.lower', value: 'span.seconds' },
  },
  compile_success_total: {
    type: 'counter',
    help: 'Toolchain compilations (compile.execute) that exited successfully.',
    unit: 'count',
    labels: ['environment', 'host_region', 'backend'],
    notes: '"Host" in the playbook is the pair environment (host.kind) + host_region.',
    source: 'pipeline',
    simulation: { span: 'compile.execute', when: 'ok' },
  },
  compile_failure_total: {
    type: 'counter',
    help: 'Toolchain compilations (compile.execute) that failed.',
    unit: 'count',
    labels: ['environment', 'host_region', 'backend'],
    notes: 'Failure causes are in the compile.end log event (error_code), not in a label, to keep cardinality flat.',
    source: 'pipeline',
    simulation: { span: 'compile.execute', when: 'error' },
  },
  verification_block_rate: {
    type: 'gauge',
    help: 'Ratio of artefacts blocked by verification (verify.run) in the current interval, 0 to 1.',
    unit: 'ratio',
    labels: ['environment', 'host_region', 'backend'],
    source: 'pipeline',
    simulation: { span: 'verify.run', value: 'span.error_ratio' },
  },
  offline_bundle_size_bytes: {
    type: 'summary',
    help: 'Size of packaged offline bundles (distribute.package) by target platform and release revision.',
    unit: 'bytes',
    labels: ['target', 'revision'],
    quantiles: [0.5, 0.9, 0.99],
    notes: 'revision is open-ended: emitters keep only the newest revisions per target.',
    source: 'pipeline',
    simulation: { span: 'distribute.package', value: 'planned', rotate: { label: 'revision', every: 30, keep: 3 } },
  },
  registry_backends: {
    type: 'gauge',
    help: 'Backends registered in the backend registry, by maturity level (registry readiness check).',
    unit: 'count',
    labels: ['environment', 'host_region', 'maturity'],
    source: 'registry',
    simulation: { value: 'planned' },
  },
  registry_missing_binaries: {
    type: 'gauge',
    help: 'Toolchain binaries a backend needs that the readiness check could not find on the host.',
    unit: 'count',
    labels: ['environment', 'host_region', 'backend'],
    source: 'registry',
    simulation: { value: 'planned' },
  },
  telemetry_log_lines_dropped_total: {
    type: 'counter',
    help: 'Structured log lines dropped because a telemetry sink was slow or unavailable and its buffer was full.',
    unit: 'count',
    labels: ['sink'],
    source: 'exporter',
  },
  ...stageMetrics,
} as const satisfies Record<string, MetricDef>;

export type Metrics = typeof metrics;
export type MetricName = keyof Metrics;
export type MetricsOfType<T extends MetricType> = {
  [M in MetricName]: Metrics[M]['type'] extends T ? M : never;
}[MetricName];
export type LabelsOf<M extends MetricName> = Metrics[M]['labels'][number];
/** Labels of M that a series may leave out (see MetricDef.optionalLabels). */
export type OptionalLabelsOf<M extends MetricName> = Metrics[M] extends { optionalLabels: readonly (infer L)[] } ? L & LabelName : never;
