/**
 * Drives the model on a timer. At speed 1 about four runs complete per wall-clock second; speed
 * multiplies that (more runs per tick, shorter ticks), compressing simulated time. The first
 * cycle (warm-up) touches every catalogue series so /readyz can report ready.
 */
import { labels } from '../../catalogue';
import type { MetricSet, Telemetry } from '../../instrumentation';
import { PipelineModel } from './model';
import { profileOf, type Environment } from './profiles';
import { BlockWindows, executeRun } from './runner';

export interface SimulatorOptions {
  environment: Environment;
  seed: number;
  /** Time compression, > 0. 1 = ~4 runs/s of wall time. */
  speed: number;
}

export const RUNS_PER_SECOND_AT_SPEED_1 = 4;
/** Registry readiness check every this many runs. */
const RUNS_PER_REGISTRY_CHECK = 20;

export function tickPlan(speed: number): { tickMs: number; runsPerTick: number } {
  const tickMs = Math.round(Math.min(1000, Math.max(25, 250 / speed)));
  const runsPerTick = Math.max(1, Math.round((RUNS_PER_SECOND_AT_SPEED_1 * speed * tickMs) / 1000));
  return { tickMs, runsPerTick };
}

/** registry_backends and registry_missing_binaries for every host, as a readiness check reports them. */
export function recordRegistryCheck(m: MetricSet, model: PipelineModel): void {
  for (const host of model.hosts) {
    const counts = model.maturityCounts(host);
    for (const maturity of labels.maturity.values) m.setGauge('registry_backends', { ...host, maturity }, counts[maturity]);
    for (const backend of model.backends) {
      m.setGauge('registry_missing_binaries', { ...host, backend }, model.registryEntry(host, backend).missingBinaries);
    }
  }
}

export class Simulator {
  readonly model: PipelineModel;
  private readonly blocks = new BlockWindows();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  runs = 0;
  ready = false;

  constructor(
    private readonly telemetry: Telemetry,
    readonly options: SimulatorOptions,
  ) {
    this.model = new PipelineModel(options.environment, options.seed);
  }

  /** Runs a plan and applies its side effects (bundle revisions rotated out of the summary). */
  private run(overrides?: Parameters<PipelineModel['nextRun']>[0]): void {
    executeRun(this.telemetry, this.model.nextRun(overrides), this.blocks);
    for (const change of this.model.takeRevisionChanges()) {
      if (change.removed) this.telemetry.metrics.removeSeries('offline_bundle_size_bytes', { target: change.target, revision: change.removed });
    }
    this.runs++;
    if (this.runs % RUNS_PER_REGISTRY_CHECK === 0) {
      this.model.driftRegistry();
      this.registryCheck();
    }
  }

  registryCheck(): void {
    recordRegistryCheck(this.telemetry.metrics, this.model);
  }

  /**
   * First cycle: zero every counter series (so rates exist from the first scrape), one run per
   * host × backend, one packaged bundle per target, one readiness check.
   */
  warmUp(): void {
    const m = this.telemetry.metrics;
    for (const sink of labels.sink.values) m.incCounter('telemetry_log_lines_dropped_total', { sink }, 0);
    for (const host of this.model.hosts) {
      for (const backend of this.model.backends) {
        m.incCounter('compile_success_total', { ...host, backend }, 0);
        m.incCounter('compile_failure_total', { ...host, backend }, 0);
        m.setGauge('verification_block_rate', { ...host, backend }, 0);
      }
    }
    this.registryCheck();
    for (const host of this.model.hosts) for (const backend of this.model.backends) this.run({ host, backend });
    // Every target gets a bundle and every backend/host a completed run, whatever the dice said above.
    for (const target of this.model.targets) {
      const backend = this.model.backends.find((b) => profileOf(b).targets.includes(target)) ?? this.model.backends[0]!;
      this.run({ backend, target, outcome: 'success' });
    }
    for (const host of this.model.hosts) for (const backend of this.model.backends) this.run({ host, backend, outcome: 'success' });
    this.ready = true;
  }

  tick(runs = tickPlan(this.options.speed).runsPerTick): void {
    for (let i = 0; i < runs; i++) this.run();
  }

  start(): void {
    if (this.stopped || this.timer) return;
    if (!this.ready) this.warmUp();
    const { tickMs } = tickPlan(this.options.speed);
    this.timer = setInterval(() => this.tick(), tickMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
