/**
 * Pure, seeded model of pipeline runs: decides what each run does (durations, outcomes,
 * bundle revisions, registry readiness) without touching telemetry, so it is deterministic
 * for a seed and testable on its own. `plannedSpans` hands a plan to `play.ts` as the spans the
 * catalogue marks `planned`; every other catalogue signal gets its defaults there.
 */
import { labels, metrics, type SpanName } from '../catalogue';
import { createRng } from '../instrumentation/rng';
import type { SpanRun } from './play';
import { bundleBaseBytes, checkers, hostsFor, MISSING_BINARY, operatorLoweringSeconds, profileOf, type Environment, type Host, type Maturity } from './profiles';
import { hexId, logNormal, pick } from './values';
import { toolchainOutputOf } from './toolchain-output';

export interface LoweringPlan {
  readonly operator: string;
  readonly clauseId: string;
  readonly seconds: number;
  readonly cacheHit: boolean;
}

export interface CompilePlan {
  readonly binary: string;
  readonly seconds: number;
  readonly cacheHit: boolean;
  readonly status: 'success' | 'failure';
  readonly exitCode: number;
  readonly errorCode?: string;
}

export interface VerifyPlan {
  readonly clauseId: string;
  readonly seconds: number;
  readonly block?: { checker: (typeof checkers)[number]['checker']; reason: string; errorCode: string };
}

export interface PackagePlan {
  readonly target: string;
  readonly revision: string;
  readonly bytes: number;
  readonly seconds: number;
  readonly cacheHit: boolean;
}

export interface RunPlan {
  readonly host: Host;
  readonly backend: string;
  readonly parseSeconds: number;
  readonly plan: { seconds: number; cacheHit: boolean };
  readonly lowerings: readonly LoweringPlan[];
  readonly compile: CompilePlan;
  /** Absent when compilation failed. */
  readonly verify?: VerifyPlan;
  /** Absent when compilation failed or verification blocked. */
  readonly package?: PackagePlan;
  readonly totalSeconds: number;
}

export interface RunOverrides {
  host?: Host;
  backend?: string;
  operators?: readonly string[];
  /** Forces an outcome (the probe and the warm-up use it). */
  outcome?: 'success' | 'compile-failure' | 'verify-block';
  target?: string;
}

export interface RegistryEntry {
  maturity: Maturity;
  missingBinaries: number;
}

const rotation = metrics.offline_bundle_size_bytes.simulation.rotate;
/** Revisions kept per target; older label sets are removed from the summary. */
export const REVISIONS_KEPT = rotation.keep;
/** Packages of one target between two revisions. */
export const PACKAGES_PER_REVISION = rotation.every;

export interface RevisionChange {
  readonly target: string;
  readonly added: string;
  readonly removed?: string;
}

export class PipelineModel {
  readonly hosts: Host[];
  readonly backends: readonly string[] = labels.backend.values;
  readonly operators: readonly string[] = labels.operator.values;
  readonly targets: readonly string[] = labels.target.values;
  private readonly rand: () => number;
  /** host key → backend → registry state. */
  readonly registry = new Map<string, Map<string, RegistryEntry>>();
  /** target → live revisions, oldest first. */
  readonly revisions = new Map<string, string[]>();
  private readonly packagesSinceRevision = new Map<string, number>();
  private nextRevision = 101;
  /** Revision changes since the last `takeRevisionChanges`. */
  private revisionChanges: RevisionChange[] = [];

  constructor(environment: Environment, seed: number) {
    this.rand = createRng(seed);
    this.hosts = hostsFor(environment);
    for (const host of this.hosts) {
      const entries = new Map<string, RegistryEntry>();
      for (const backend of this.backends) entries.set(backend, { maturity: profileOf(backend).maturity, missingBinaries: 0 });
      this.registry.set(hostKey(host), entries);
    }
    // Some host always starts with a toolchain missing, so the readiness panel has something to show.
    const first = this.registry.get(hostKey(this.hosts[this.hosts.length - 1]!))!;
    first.get(this.backends[this.backends.length - 1]!)!.missingBinaries = 1;
    for (const target of this.targets) {
      this.revisions.set(target, []);
      this.packagesSinceRevision.set(target, 0);
    }
  }

  random(): number {
    return this.rand();
  }

  private pick<T>(items: readonly T[]): T {
    return pick(this.rand, items);
  }

  private chance(p: number): boolean {
    return this.rand() < p;
  }

  /** Log-normal around a median (sigma in log space), for skewed durations. */
  private logNormal(median: number, sigma: number): number {
    return logNormal(this.rand, median, sigma);
  }

  private clauseId(): string {
    return hexId(this.rand, 16);
  }

  private weightedBackend(): string {
    const weights = this.backends.map((b) => profileOf(b).weight);
    let r = this.rand() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < this.backends.length; i++) {
      r -= weights[i]!;
      if (r <= 0) return this.backends[i]!;
    }
    return this.backends[this.backends.length - 1]!;
  }

  registryEntry(host: Host, backend: string): RegistryEntry {
    return this.registry.get(hostKey(host))!.get(backend)!;
  }

  /** Value of a registry metric the model plans (`value: 'planned'`), or undefined for any other. */
  registryValue(metric: string, host: Host, series: Readonly<Record<string, string>>): number | undefined {
    if (metric === 'registry_backends') return this.maturityCounts(host)[series.maturity as Maturity];
    if (metric === 'registry_missing_binaries') return this.registry.get(hostKey(host))?.get(series.backend ?? '')?.missingBinaries ?? 0;
    return undefined;
  }

  nextRun(overrides: RunOverrides = {}): RunPlan {
    const host = overrides.host ?? this.pick(this.hosts);
    // A requested target is packaged by a backend that builds for it.
    const forTarget = overrides.target === undefined ? undefined : this.backends.find((b) => profileOf(b).targets.includes(overrides.target!));
    const backend = overrides.backend ?? forTarget ?? this.weightedBackend();
    const profile = profileOf(backend);
    const offline = host.environment === 'offline';

    const parseSeconds = this.logNormal(0.6, 0.5);
    const plan = { cacheHit: this.chance(0.5), seconds: 0 };
    plan.seconds = this.logNormal(plan.cacheHit ? 0.4 : 2, 0.5);

    const operators = overrides.operators ?? this.pickOperators();
    const lowerings: LoweringPlan[] = operators.map((operator) => {
      const cacheHit = this.chance(profile.cacheHitRate);
      const median = (operatorLoweringSeconds[operator] ?? 0.05) * profile.loweringFactor * (cacheHit ? 0.1 : 1);
      return { operator, clauseId: this.clauseId(), seconds: Math.min(this.logNormal(median, 0.6), 10), cacheHit };
    });

    const compileCacheHit = this.chance(profile.cacheHitRate);
    const compileSeconds = this.logNormal(profile.compileSeconds * (compileCacheHit ? 0.1 : 1) * (offline ? 1.3 : 1), 0.5);
    const missing = this.registryEntry(host, backend).missingBinaries > 0;
    const failureRate = Math.min(0.95, profile.failureRate * (offline ? 1.3 : 1));
    const fails = overrides.outcome ? overrides.outcome === 'compile-failure' : missing || this.chance(failureRate);
    let compile: CompilePlan;
    if (!fails) {
      compile = { binary: profile.binary, seconds: compileSeconds, cacheHit: compileCacheHit, status: 'success', exitCode: 0 };
    } else if (missing && !overrides.outcome) {
      compile = { binary: profile.binary, seconds: 0.05, cacheHit: false, status: 'failure', exitCode: MISSING_BINARY.exitCode, errorCode: MISSING_BINARY.errorCode };
    } else {
      const errorCode = this.pick(profile.errorCodes);
      compile = { binary: profile.binary, seconds: compileSeconds, cacheHit: false, status: 'failure', exitCode: this.chance(0.1) ? 137 : 1, errorCode };
    }

    let verify: VerifyPlan | undefined;
    let pkg: PackagePlan | undefined;
    if (compile.status === 'success') {
      const blocked = overrides.outcome ? overrides.outcome === 'verify-block' : this.chance(profile.blockRate);
      const clauseId = lowerings[0]?.clauseId ?? this.clauseId();
      const seconds = this.logNormal(offline ? 60 : 30, 0.6);
      if (blocked) {
        const c = this.pick(checkers);
        verify = { clauseId, seconds, block: { checker: c.checker, reason: c.reason, errorCode: c.code } };
      } else {
        verify = { clauseId, seconds };
        const offered = profile.targets.filter((t) => this.targets.includes(t));
        const target = overrides.target ?? this.pick(offered.length > 0 ? offered : this.targets);
        const revision = this.revisionFor(target);
        const revIndex = Number(revision.slice(1)) - 100;
        const bytes = Math.round((bundleBaseBytes[target] ?? 100e6) * (1 + 0.004 * revIndex) * this.logNormal(1, 0.03));
        const cacheHit = this.chance(0.3);
        pkg = { target, revision, bytes, seconds: this.logNormal(cacheHit ? 2 : offline ? 20 : 8, 0.4), cacheHit };
      }
    }

    const totalSeconds =
      parseSeconds + plan.seconds + lowerings.reduce((a, l) => a + l.seconds, 0) + compile.seconds + (verify?.seconds ?? 0) + (pkg?.seconds ?? 0);
    return { host, backend, parseSeconds, plan, lowerings, compile, ...(verify ? { verify } : {}), ...(pkg ? { package: pkg } : {}), totalSeconds };
  }

  private pickOperators(): string[] {
    const count = 1 + Math.floor(this.rand() * 3);
    const pool = [...this.operators];
    const out: string[] = [];
    while (out.length < count && pool.length > 0) out.push(pool.splice(Math.floor(this.rand() * pool.length), 1)[0]!);
    return out;
  }

  /** Current revision of a target, advancing every PACKAGES_PER_REVISION packages. */
  private revisionFor(target: string): string {
    const live = this.revisions.get(target) ?? [];
    const count = this.packagesSinceRevision.get(target) ?? 0;
    if (live.length === 0 || count >= PACKAGES_PER_REVISION) {
      const added = `r${this.nextRevision++}`;
      live.push(added);
      const removed = live.length > REVISIONS_KEPT ? live.shift() : undefined;
      this.revisions.set(target, live);
      this.packagesSinceRevision.set(target, 0);
      this.revisionChanges.push({ target, added, ...(removed ? { removed } : {}) });
    }
    this.packagesSinceRevision.set(target, (this.packagesSinceRevision.get(target) ?? 0) + 1);
    return live[live.length - 1]!;
  }

  takeRevisionChanges(): RevisionChange[] {
    const out = this.revisionChanges;
    this.revisionChanges = [];
    return out;
  }

  /**
   * Registry drift between readiness checks: now and then a toolchain goes missing or is
   * reinstalled, or a backend changes maturity. Returns whether anything changed.
   */
  driftRegistry(): boolean {
    if (!this.chance(0.3)) return false;
    const host = this.pick(this.hosts);
    const backend = this.pick(this.backends);
    const entry = this.registryEntry(host, backend);
    if (this.chance(0.7)) {
      entry.missingBinaries = entry.missingBinaries > 0 ? 0 : 1 + Math.floor(this.rand() * 2);
    } else {
      const order = labels.maturity.values;
      const base = order.indexOf(profileOf(backend).maturity);
      // Stay within one step of the backend's usual maturity so the mix stays plausible.
      const next = Math.max(0, Math.min(order.length - 1, base + (this.chance(0.5) ? 1 : -1)));
      entry.maturity = entry.maturity === order[base] ? order[next]! : order[base]!;
    }
    return true;
  }

  /** registry_backends values for a host: backends per maturity (every maturity, zeros included). */
  maturityCounts(host: Host): Record<Maturity, number> {
    const counts = Object.fromEntries(labels.maturity.values.map((m) => [m, 0])) as Record<Maturity, number>;
    for (const entry of this.registry.get(hostKey(host))!.values()) counts[entry.maturity]++;
    return counts;
  }
}

/** A plan as the catalogue's planned spans, in stage order (stages a failed run never reached are absent). */
export function plannedSpans(plan: RunPlan): Map<SpanName, SpanRun[]> {
  const out = new Map<SpanName, SpanRun[]>();
  out.set('spec.parse', [{ name: 'spec.parse', seconds: plan.parseSeconds }]);
  out.set('plan.compile_graph', [{ name: 'plan.compile_graph', seconds: plan.plan.seconds, attributes: { 'build.cache_hit': plan.plan.cacheHit } }]);
  out.set(
    'codegen.lower',
    plan.lowerings.map((l) => ({
      name: 'codegen.lower',
      seconds: l.seconds,
      attributes: { 'operator.name': l.operator, 'clause.id': l.clauseId, 'build.cache_hit': l.cacheHit },
      labels: { operator: l.operator },
    })),
  );
  const compile = plan.compile;
  const clause = plan.lowerings[0];
  const base = { operator: clause?.operator ?? 'unknown', clause_id: clause?.clauseId ?? '0000000000000000', toolchain_binary: compile.binary };
  const failed = compile.status === 'failure';
  out.set('compile.execute', [
    {
      name: 'compile.execute',
      seconds: compile.seconds,
      attributes: { 'toolchain.binary': compile.binary, 'build.cache_hit': compile.cacheHit },
      output: toolchainOutputOf(compile, plan.backend, base.operator, base.clause_id),
      ...(failed ? { error: { code: compile.errorCode ?? 'E0000', message: `toolchain exited with ${compile.exitCode}` } } : {}),
      fields: {
        'compile.start': base,
        'compile.end': {
          ...base,
          level: failed ? 'error' : 'info',
          status: compile.status,
          exit_code: compile.exitCode,
          duration_seconds: Math.round(compile.seconds * 1000) / 1000,
          cache_hit: compile.cacheHit,
          ...(compile.errorCode ? { error_code: compile.errorCode } : {}),
        },
      },
    },
  ]);
  const verify = plan.verify;
  if (verify) {
    out.set('verify.run', [
      {
        name: 'verify.run',
        seconds: verify.seconds,
        attributes: { 'clause.id': verify.clauseId },
        ...(verify.block
          ? {
              error: { code: verify.block.errorCode, message: verify.block.reason },
              fields: { 'verify.block': { level: 'warn', clause_id: verify.clauseId, checker: verify.block.checker, reason: verify.block.reason, error_code: verify.block.errorCode } },
            }
          : {}),
      },
    ]);
  }
  const pkg = plan.package;
  if (pkg) {
    out.set('distribute.package', [
      {
        name: 'distribute.package',
        seconds: pkg.seconds,
        attributes: { 'build.cache_hit': pkg.cacheHit },
        labels: { target: pkg.target, revision: pkg.revision },
        values: { offline_bundle_size_bytes: pkg.bytes },
      },
    ]);
  }
  return out;
}

export function hostKey(host: Host): string {
  return `${host.environment}/${host.host_region}`;
}
