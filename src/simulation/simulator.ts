/**
 * Drives the model on a timer. At speed 1 about four runs complete per wall-clock second; speed
 * multiplies that (more runs per tick, shorter ticks), compressing simulated time. The first
 * cycle (warm-up) gives every series the catalogue promises a sample, so /readyz can say ready.
 */
import { genAiErrorTypes, metrics as metricCatalogue, type MetricDef, type MetricName } from '../catalogue';
import type { Telemetry } from '../instrumentation';
import { expectedSeries, missingSeries, type Series } from './coverage';
import { outcomeFor } from './expectations';
import { PipelineModel, plannedSpans, type RunOverrides } from './model';
import { ErrorWindows, Player, type PlayResult } from './play';
import { StageServices } from './stages/services';
import type { Environment, Host } from './profiles';
import { metricValue } from './values';

export interface SimulatorOptions {
  environment: Environment;
  seed: number;
  /** Time compression, > 0. 1 = ~4 runs/s of wall time. */
  speed: number;
}

export const RUNS_PER_SECOND_AT_SPEED_1 = 4;
/** Registry readiness check every this many runs. */
const RUNS_PER_REGISTRY_CHECK = 20;
/** Warm-up passes aimed at series still without samples, before they are filled directly. */
const COVERAGE_PASSES = 3;

const metricDefs = metricCatalogue as Readonly<Record<MetricName, MetricDef>>;
const metricNames = Object.keys(metricDefs) as MetricName[];

export function tickPlan(speed: number): { tickMs: number; runsPerTick: number } {
  const tickMs = Math.round(Math.min(1000, Math.max(25, 250 / speed)));
  const runsPerTick = Math.max(1, Math.round((RUNS_PER_SECOND_AT_SPEED_1 * speed * tickMs) / 1000));
  return { tickMs, runsPerTick };
}

export interface RunRequest extends RunOverrides {
  /** Label values for signals whose labels would otherwise be drawn at random. */
  labels?: Readonly<Record<string, string>>;
}

export class Simulator {
  readonly model: PipelineModel;
  /** The planner, executor, verification and compliance services around each run. */
  readonly stages: StageServices;
  private readonly player: Player;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private warmedUp = false;
  private readyLatched = false;
  runs = 0;

  constructor(
    private readonly telemetry: Telemetry,
    readonly options: SimulatorOptions,
  ) {
    this.model = new PipelineModel(options.environment, options.seed);
    this.stages = new StageServices(telemetry, options.seed);
    this.player = new Player(telemetry, () => this.model.random(), new ErrorWindows(), this.stages);
  }

  /** Every series the catalogue promises has samples (checked until true once, then stays). */
  get ready(): boolean {
    if (!this.readyLatched && this.warmedUp) this.readyLatched = this.missing().length === 0;
    return this.readyLatched;
  }

  /** Catalogue series with no samples yet. */
  missing(): { metric: MetricName; series: Series }[] {
    return metricNames.flatMap((metric) =>
      missingSeries(metric, this.model.hosts, this.telemetry.metrics.seriesOf(metric)).map((series) => ({ metric, series })),
    );
  }

  /** Plays one run (overrides force host, backend, operators, target or outcome) and applies its side effects. */
  runOnce(request: RunRequest = {}): PlayResult {
    const plan = this.model.nextRun(request);
    const first = plan.lowerings[0];
    const result = this.player.play({
      host: plan.host,
      backend: plan.backend,
      operator: first?.operator ?? this.model.operators[0]!,
      clauseId: first?.clauseId ?? '0000000000000000',
      planned: plannedSpans(plan),
      ...(request.labels ? { labels: request.labels } : {}),
      forced: request.outcome !== undefined,
    });
    for (const change of this.model.takeRevisionChanges()) {
      if (change.removed) this.telemetry.metrics.removeSeries('offline_bundle_size_bytes', { target: change.target, revision: change.removed });
    }
    this.runs++;
    if (this.runs % RUNS_PER_REGISTRY_CHECK === 0) {
      this.model.driftRegistry();
      this.registryCheck();
    }
    return result;
  }

  /** The registry readiness check: every series of every registry metric, for every host. */
  registryCheck(): void {
    for (const metric of metricNames) {
      const def = metricDefs[metric];
      if (def.source !== 'registry') continue;
      for (const series of expectedSeries(metric, this.model.hosts)) {
        const host = this.hostOf(series);
        const planned = def.simulation?.value === 'planned' ? this.model.registryValue(metric, host, series) : undefined;
        const value = planned ?? metricValue(() => this.model.random(), def, typeof def.simulation?.value === 'object' ? def.simulation.value : undefined);
        this.telemetry.recordMetric(metric, series as never, value);
      }
    }
  }

  private hostOf(series: Series): Host {
    const matches = (h: Host): boolean => (series.environment ?? h.environment) === h.environment && (series.host_region ?? h.host_region) === h.host_region;
    return this.model.hosts.find(matches) ?? this.model.hosts[0]!;
  }

  /** A run that records `metric` with the labels of `series`, where the model can be steered there. */
  private requestFor(metric: MetricName, series: Series): RunRequest {
    const def = metricDefs[metric];
    const span = def.simulation?.span;
    const outcome = span === undefined ? 'success' : outcomeFor(span, def.simulation?.when ?? 'ok');
    return {
      host: this.hostOf(series),
      ...(series.backend !== undefined && this.model.backends.includes(series.backend) ? { backend: series.backend } : {}),
      ...(series.operator !== undefined ? { operators: [series.operator] } : {}),
      ...(series.target !== undefined ? { target: series.target } : {}),
      ...(outcome ? { outcome } : {}),
      labels: series,
    };
  }

  /**
   * First cycle: zero every counter series (so rates exist from the first scrape), one readiness
   * check, one run per host × backend, then runs aimed at each series still without samples;
   * what no run can reach (e.g. a signal of a rare failure) gets one sample directly.
   */
  warmUp(): void {
    const m = this.telemetry.metrics;
    for (const metric of metricNames) {
      if (metricDefs[metric].type !== 'counter') continue;
      for (const series of expectedSeries(metric, this.model.hosts)) m.incCounter(metric as never, series as never, 0);
    }
    this.registryCheck();
    for (const host of this.model.hosts) {
      this.model.backends.forEach((backend, i) => {
        // The first runs of each host also take every GenAI error type and the executor's retry path
        // (the stage services draw from their own random source, so the pipeline runs stay as they were).
        const errorType = genAiErrorTypes[i];
        if (errorType) this.stages.steer(errorType, true);
        this.runOnce({ host, backend });
      });
    }
    for (let pass = 0; pass < COVERAGE_PASSES; pass++) {
      const missing = this.missing().filter(({ metric }) => metricDefs[metric].source === 'pipeline');
      if (missing.length === 0) break;
      for (const { metric, series } of missing) this.runOnce(this.requestFor(metric, series));
    }
    const rand = () => this.model.random();
    for (const { metric, series } of this.missing()) {
      const def = metricDefs[metric];
      const declared = def.simulation?.value;
      this.telemetry.recordMetric(metric, series as never, metricValue(rand, def, typeof declared === 'object' ? declared : undefined));
    }
    this.warmedUp = true;
  }

  tick(runs = tickPlan(this.options.speed).runsPerTick): void {
    for (let i = 0; i < runs; i++) this.runOnce();
  }

  start(): void {
    if (this.stopped || this.timer) return;
    if (!this.warmedUp) this.warmUp();
    const { tickMs } = tickPlan(this.options.speed);
    this.timer = setInterval(() => this.tick(), tickMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
