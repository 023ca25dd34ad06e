/**
 * Plays a RunPlan through the instrumentation: the six catalogue spans (backdated to the plan's
 * simulated durations, ending now), the metrics each stage records, and the log events.
 * This is also what the probe runs, so the probe checks the exporter's own code path.
 */
import type { Telemetry } from '../../instrumentation';
import { hostKey, type RunPlan } from './model';
import type { Host } from './profiles';
import { toolchainOutputOf } from './toolchain-output';

/** Ratio of blocked verifications over the last `size` verifications of one series. */
export class BlockWindows {
  private readonly windows = new Map<string, boolean[]>();
  constructor(private readonly size = 20) {}

  push(host: Host, backend: string, blocked: boolean): number {
    const key = `${hostKey(host)}/${backend}`;
    const window = this.windows.get(key) ?? [];
    window.push(blocked);
    if (window.length > this.size) window.shift();
    this.windows.set(key, window);
    return window.filter(Boolean).length / window.length;
  }
}

export interface RunResult {
  readonly traceId: string;
  readonly plan: RunPlan;
}

export function executeRun(t: Telemetry, plan: RunPlan, blocks: BlockWindows, endMs = Date.now()): RunResult {
  const { host, backend } = plan;
  const hostKind = host.environment;
  const common = { environment: host.environment, host_region: host.host_region } as const;
  let cursor = endMs - plan.totalSeconds * 1000;
  // Next [start, end] slice of the run's timeline, in epoch ms.
  const slot = (seconds: number): { startTime: number; endTime: number } => {
    const startTime = cursor;
    cursor += seconds * 1000;
    return { startTime, endTime: cursor };
  };

  return t.inTrace(undefined, (traceId) => {
    t.instrumentSpan('spec.parse', { 'host.kind': hostKind }, () => undefined, slot(plan.parseSeconds));
    t.instrumentSpan('plan.compile_graph', { 'host.kind': hostKind, 'build.cache_hit': plan.plan.cacheHit }, () => undefined, slot(plan.plan.seconds));

    for (const lowering of plan.lowerings) {
      t.instrumentSpan(
        'codegen.lower',
        { 'backend.name': backend, 'operator.name': lowering.operator, 'clause.id': lowering.clauseId, 'host.kind': hostKind, 'build.cache_hit': lowering.cacheHit },
        () => t.recordMetric('lowering_duration_seconds', { ...common, backend, operator: lowering.operator }, lowering.seconds),
        slot(lowering.seconds),
      );
    }

    const compile = plan.compile;
    const compileSlot = slot(compile.seconds);
    const clause = plan.lowerings[0];
    t.instrumentSpan(
      'compile.execute',
      { 'backend.name': backend, 'toolchain.binary': compile.binary, 'host.kind': hostKind, 'build.cache_hit': compile.cacheHit },
      (span) => {
        const base = { ...common, backend, operator: clause?.operator ?? 'unknown', clause_id: clause?.clauseId ?? '0000000000000000', toolchain_binary: compile.binary };
        t.logEvent('compile.start', base, { time: compileSlot.startTime });
        // The toolchain's output goes to the artefact store; the span and compile.end carry only its id.
        const log = t.artifacts?.capture(toolchainOutputOf(compile, backend, base.operator, base.clause_id));
        if (log) {
          span.setAttribute('artifact.log_id', log.id);
          span.setAttribute('artifact.stdout_bytes', log.stdoutBytes);
          span.setAttribute('artifact.stderr_bytes', log.stderrBytes);
        }
        const failed = compile.status === 'failure';
        t.logEvent(
          'compile.end',
          {
            ...base,
            level: failed ? 'error' : 'info',
            status: compile.status,
            exit_code: compile.exitCode,
            duration_seconds: Math.round(compile.seconds * 1000) / 1000,
            cache_hit: compile.cacheHit,
            ...(compile.errorCode ? { error_code: compile.errorCode } : {}),
            ...(log ? { artifact_log_id: log.id } : {}),
          },
          { time: compileSlot.endTime },
        );
        if (failed) {
          span.fail(compile.errorCode ?? 'E0000', `toolchain exited with ${compile.exitCode}`);
          t.recordMetric('compile_failure_total', { ...common, backend }, 1);
        } else {
          t.recordMetric('compile_success_total', { ...common, backend }, 1);
        }
      },
      compileSlot,
    );

    const verify = plan.verify;
    if (verify) {
      const verifySlot = slot(verify.seconds);
      t.instrumentSpan(
        'verify.run',
        { 'backend.name': backend, 'clause.id': verify.clauseId, 'host.kind': hostKind },
        (span) => {
          if (verify.block) {
            t.logEvent(
              'verify.block',
              { ...common, backend, level: 'warn', clause_id: verify.clauseId, checker: verify.block.checker, reason: verify.block.reason, error_code: verify.block.errorCode },
              { time: verifySlot.endTime },
            );
            span.fail(verify.block.errorCode, verify.block.reason);
          }
          t.recordMetric('verification_block_rate', { ...common, backend }, blocks.push(host, backend, Boolean(verify.block)));
        },
        verifySlot,
      );
    }

    const pkg = plan.package;
    if (pkg) {
      t.instrumentSpan(
        'distribute.package',
        { 'host.kind': hostKind, 'build.cache_hit': pkg.cacheHit },
        () => t.recordMetric('offline_bundle_size_bytes', { target: pkg.target, revision: pkg.revision }, pkg.bytes),
        slot(pkg.seconds),
      );
      // A run's latency ends at its distribution event; the exemplar links the heatmap cell to this trace.
      t.recordMetric('pipeline_latency_seconds', { ...common, backend }, plan.totalSeconds);
    }
    return { traceId, plan };
  });
}
