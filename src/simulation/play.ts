/**
 * Plays one run through the instrumentation, driven by the catalogue: every span in catalogue
 * (stage) order, each metric inside the span it declares, each log event inside its span. The
 * pipeline model supplies what it plans (durations, attributes, failures, bundle sizes); every
 * other value comes from the entry's declared simulation or its defaults (values.ts). A failed
 * stage ends the run. This is also what the probe runs, so the probe checks the exporter's path.
 */
import {
  labels as labelCatalogue,
  logEvents,
  metrics as metricCatalogue,
  spanAttributes,
  spans as spanCatalogue,
  type AttributeDef,
  type FieldDef,
  type LabelName,
  type LogEventDef,
  type LogEventName,
  type MetricDef,
  type MetricName,
  type SpanDef,
  type SpanName,
} from '../catalogue';
import type { ToolchainOutput } from '../artifacts';
import type { Telemetry, TypedSpan } from '../instrumentation';
import type { Host } from './profiles';
import { defaultValue, metricValue, pick, sample, type Rand } from './values';

type Value = string | number | boolean;

/** One execution of a span: what the model planned for it (all optional but the duration). */
export interface SpanRun {
  readonly name: SpanName;
  readonly seconds: number;
  readonly attributes?: Readonly<Record<string, Value>>;
  /** Planned failure: sets error.code and ends the run after this stage. */
  readonly error?: { readonly code: string; readonly message: string };
  /** Metric label values this execution stands for (operator, target, revision). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Planned metric values (`value: 'planned'`), by metric name. */
  readonly values?: Readonly<Record<string, number>>;
  /** Planned log fields, by event name. */
  readonly fields?: Readonly<Record<string, Readonly<Record<string, Value>>>>;
  /** What the execution printed (a toolchain): stored as an artefact, only its id goes on the span and the events that declare it. */
  readonly output?: ToolchainOutput;
}

export interface RunInput {
  readonly host: Host;
  readonly backend: string;
  /** Clause the run lowers first; its id links spans and log lines. */
  readonly operator: string;
  readonly clauseId: string;
  /** Executions of the catalogue's planned spans; stages absent here were not reached. */
  readonly planned: ReadonlyMap<SpanName, readonly SpanRun[]>;
  /** Label values to use where a value would otherwise be drawn at random (warm-up coverage). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Outcome forced (probe, warm-up): unplanned spans do not fail at random. */
  readonly forced?: boolean;
}

const spanDefs = spanCatalogue as Readonly<Record<SpanName, SpanDef>>;
const metricDefs = metricCatalogue as Readonly<Record<MetricName, MetricDef>>;
const eventDefs = logEvents as Readonly<Record<LogEventName, LogEventDef>>;
const spanNames = Object.keys(spanDefs) as SpanName[];
/** Log fields the logger fills itself. */
const AUTO_FIELDS = new Set(['ts', 'event', 'trace_id', 'span_id']);

/** Spans that run as stages of their own, in catalogue order, and the children of each span. */
export const topLevelSpans: readonly SpanName[] = spanNames.filter((s) => spanDefs[s].simulation?.parent === undefined);
export function childSpans(parent: SpanName): SpanName[] {
  return spanNames.filter((s) => spanDefs[s].simulation?.parent === parent);
}

/** Pipeline-run metrics per span they are recorded in (undefined: once per run, after the last stage). */
export const metricsBySpan = new Map<SpanName | undefined, MetricName[]>();
for (const name of Object.keys(metricDefs) as MetricName[]) {
  const def = metricDefs[name];
  if (def.source !== 'pipeline') continue;
  const span = def.simulation?.span;
  metricsBySpan.set(span, [...(metricsBySpan.get(span) ?? []), name]);
}
const eventsBySpan = new Map<string, LogEventName[]>();
for (const name of Object.keys(eventDefs) as LogEventName[]) eventsBySpan.set(eventDefs[name].span, [...(eventsBySpan.get(eventDefs[name].span) ?? []), name]);

/** Ratio of failed executions over the last `size` of one series (`value: 'span.error_ratio'`). */
export class ErrorWindows {
  private readonly windows = new Map<string, boolean[]>();
  constructor(private readonly size = 20) {}

  push(key: string, failed: boolean): number {
    const window = this.windows.get(key) ?? [];
    window.push(failed);
    if (window.length > this.size) window.shift();
    this.windows.set(key, window);
    return window.filter(Boolean).length / window.length;
  }
}

/**
 * Signals of other services that work inside the pipeline's spans (src/simulation/stages): called
 * inside every span the player plays, after its children and before its own metrics and logs.
 */
export interface PlayExtension {
  inSpan(exec: SpanRun, run: RunInput, slot: { readonly startTime: number; readonly endTime: number }): void;
}

export interface PlayResult {
  readonly traceId: string;
  readonly seconds: number;
}

export class Player {
  constructor(
    private readonly telemetry: Telemetry,
    private readonly rand: Rand,
    private readonly windows = new ErrorWindows(),
    private readonly extension?: PlayExtension,
  ) {}

  /** A span execution the model does not plan: declared or default duration, failing at its declared rate. */
  private unplanned(name: SpanName, forced: boolean): SpanRun {
    const sim = spanDefs[name].simulation;
    const seconds = Math.max(0.001, sample(this.rand, sim?.seconds ?? { logNormal: { median: 1, sigma: 0.5 } }));
    const fails = !forced && sim?.errorRate !== undefined && this.rand() < sim.errorRate;
    return { name, seconds, ...(fails ? { error: { code: 'E0001', message: `${name} failed` } } : {}) };
  }

  private executions(name: SpanName, run: RunInput): readonly SpanRun[] {
    if (spanDefs[name].simulation?.planned) return run.planned.get(name) ?? [];
    return [this.unplanned(name, run.forced ?? false)];
  }

  /** The value of a label for a signal recorded in `exec`: the execution's, the run's, the requested one, or drawn from the label's values. */
  private label(label: string, run: RunInput, exec?: SpanRun): string {
    const fromRun: Record<string, string> = { environment: run.host.environment, host_region: run.host.host_region, backend: run.backend };
    const known = exec?.labels?.[label] ?? fromRun[label] ?? run.labels?.[label];
    if (known !== undefined) return known;
    const def = labelCatalogue[label as LabelName];
    return def ? pick(this.rand, def.values) : `${label}-1`;
  }

  private attributes(name: SpanName, run: RunInput, exec: SpanRun): Record<string, Value> {
    const fromRun: Record<string, Value> = {
      'backend.name': run.backend,
      'operator.name': exec.labels?.operator ?? run.operator,
      'host.kind': run.host.environment,
      'clause.id': run.clauseId,
    };
    const out: Record<string, Value> = {};
    for (const attr of spanDefs[name].required) {
      out[attr] = exec.attributes?.[attr] ?? fromRun[attr] ?? defaultValue(this.rand, attr, spanAttributes[attr] as AttributeDef);
    }
    for (const [attr, value] of Object.entries(exec.attributes ?? {})) out[attr] = value;
    return out;
  }

  private logFields(event: LogEventName, run: RunInput, exec: SpanRun, failed: boolean): Record<string, Value> {
    const planned = exec.fields?.[event] ?? {};
    const out: Record<string, Value> = {};
    for (const [field, def] of Object.entries(eventDefs[event].fields as Record<string, FieldDef>)) {
      if (AUTO_FIELDS.has(field) || def.optional) continue;
      if (field === 'level') out[field] = failed ? 'error' : 'info';
      else if (field in labelCatalogue) out[field] = this.label(field, run, exec);
      else if (field === 'clause_id') out[field] = run.clauseId;
      else out[field] = defaultValue(this.rand, field, def);
    }
    return { ...out, ...planned };
  }

  private writeLogs(at: 'start' | 'end', run: RunInput, exec: SpanRun, time: number): void {
    const failed = exec.error !== undefined;
    for (const event of eventsBySpan.get(exec.name) ?? []) {
      const sim = eventDefs[event].simulation;
      if ((sim?.at ?? 'end') !== at) continue;
      if (sim?.when !== undefined && sim.when !== (failed ? 'error' : 'ok')) continue;
      this.telemetry.logEvent(event, this.logFields(event, run, exec, failed) as never, { time });
    }
  }

  private record(metric: MetricName, run: RunInput, exec: SpanRun | undefined, runSeconds: number): void {
    const def = metricDefs[metric];
    const sim = def.simulation;
    if (exec && sim?.when !== undefined && sim.when !== (exec.error ? 'error' : 'ok')) return;
    const series = Object.fromEntries(def.labels.map((l) => [l, this.label(l, run, exec)]));
    let value: number;
    const source = sim?.value;
    if (source === 'span.seconds') value = exec?.seconds ?? runSeconds;
    else if (source === 'run.seconds') value = runSeconds;
    else if (source === 'span.error_ratio') value = this.windows.push(`${metric}${JSON.stringify(series)}`, exec?.error !== undefined);
    else if (source === 'planned') value = exec?.values?.[metric] ?? metricValue(this.rand, def);
    else value = metricValue(this.rand, def, source);
    this.telemetry.recordMetric(metric, series as never, value);
  }

  /** Stores an execution's output and puts the artefact id and byte counts where the catalogue declares them. */
  private withArtifact(exec: SpanRun): SpanRun {
    const recorder = this.telemetry.artifacts;
    if (!exec.output || !recorder) return exec;
    const ref = recorder.capture(exec.output);
    const declared = new Set<string>([...spanDefs[exec.name].required, ...spanDefs[exec.name].optional]);
    const attributes: Record<string, Value> = { ...exec.attributes };
    if (declared.has('artifact.log_id')) attributes['artifact.log_id'] = ref.id;
    if (declared.has('artifact.stdout_bytes')) attributes['artifact.stdout_bytes'] = ref.stdoutBytes;
    if (declared.has('artifact.stderr_bytes')) attributes['artifact.stderr_bytes'] = ref.stderrBytes;
    const fields: Record<string, Readonly<Record<string, Value>>> = { ...exec.fields };
    for (const event of eventsBySpan.get(exec.name) ?? []) {
      if ('artifact_log_id' in eventDefs[event].fields) fields[event] = { ...fields[event], artifact_log_id: ref.id };
    }
    return { ...exec, attributes, fields };
  }

  /** Plays one run ending at `endMs`; spans are backdated to the run's simulated durations. */
  play(run: RunInput, endMs = Date.now()): PlayResult {
    const stages: SpanRun[] = [];
    outer: for (const name of topLevelSpans) {
      for (const exec of this.executions(name, run)) {
        stages.push(exec);
        if (exec.error) break outer;
      }
    }
    const seconds = stages.reduce((a, s) => a + s.seconds, 0);
    const start = endMs - seconds * 1000;
    let cursor = start;
    const t = this.telemetry;

    const playSpan = (planned: SpanRun, startTime: number, endTime: number): void => {
      const exec = this.withArtifact(planned);
      t.instrumentSpan(
        exec.name,
        this.attributes(exec.name, run, exec) as never,
        (span: TypedSpan<SpanName>) => {
          this.writeLogs('start', run, exec, startTime);
          // Children share the parent's time slot, one after another, clipped to it.
          let childCursor = startTime;
          for (const child of childSpans(exec.name)) {
            for (const c of this.executions(child, run)) {
              const childEnd = Math.min(endTime, childCursor + c.seconds * 1000);
              playSpan(c, childCursor, childEnd);
              childCursor = childEnd;
            }
          }
          this.extension?.inSpan(exec, run, { startTime, endTime });
          for (const metric of metricsBySpan.get(exec.name) ?? []) this.record(metric, run, exec, (endTime - start) / 1000);
          this.writeLogs('end', run, exec, endTime);
          if (exec.error) span.fail(exec.error.code, exec.error.message);
        },
        { startTime, endTime },
      );
    };

    return t.inTrace(undefined, (traceId) => {
      for (const exec of stages) {
        const startTime = cursor;
        cursor += exec.seconds * 1000;
        playSpan(exec, startTime, cursor);
      }
      for (const metric of metricsBySpan.get(undefined) ?? []) this.record(metric, run, undefined, seconds);
      return { traceId, seconds };
    });
  }
}
