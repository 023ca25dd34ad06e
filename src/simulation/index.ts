/**
 * The pipeline simulation behind the sample exporter and the probe: a seeded model of pipeline
 * runs (profiles.ts, model.ts) played through the instrumentation by the catalogue's simulation
 * declarations (play.ts), and the series and signals the catalogue promises (coverage.ts,
 * expectations.ts).
 */
export { Simulator, tickPlan, RUNS_PER_SECOND_AT_SPEED_1, type SimulatorOptions, type RunRequest } from './simulator';
export { PipelineModel, REVISIONS_KEPT, PACKAGES_PER_REVISION, type RunPlan, type RunOverrides } from './model';
export { hostsFor, profileOf, backendProfiles, type Environment, type Host, type Maturity } from './profiles';
export { expectedSignals, outcomes, failingStage, type Expected, type Outcome } from './expectations';
export { expectedSeries, missingSeries, CatalogueCardinalityError, type Series } from './coverage';
export type { PlayResult } from './play';
