/**
 * The playbook's telemetry_probe: one representative lowering + compile cycle (a full run for
 * one backend and operator) through the same code the exporter uses, with instrumentation on:
 * spans to an in-memory exporter, metrics to a fresh registry, logs to memory.
 */
import { SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { metrics as metricCatalogue, spans as spanCatalogue, type MetricName, type SpanName } from '../catalogue';
import { ArtifactRecorder, artifactIdOf, decodeToolchainLog, MemoryArtifactStore } from '../artifacts';
import { emittedSpanName } from '../instrumentation/tracing';
import { MemorySink, Telemetry, type EvidenceRecord, type LogLine } from '../instrumentation';
import { expectedSignals, hostsFor, Simulator, type Environment, type Outcome } from '../simulation';
import { checkEmission, type EmittedSpan } from './check';

export interface ProbeOptions {
  backend: string;
  operator: string;
  environment: Environment;
  outcome: Outcome;
  seed: number;
}

export interface ProbeSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string | number>>;
  readonly value: number;
  readonly exemplar?: Readonly<Record<string, string>>;
}

export interface ProbeResult {
  readonly options: ProbeOptions;
  readonly traceId: string;
  readonly spans: readonly (EmittedSpan & { readonly durationMs: number; readonly catalogueName: SpanName | undefined })[];
  readonly metrics: readonly ProbeSample[];
  readonly logs: readonly LogLine[];
  /** Compliance artefact records (same provenance id as their span and log line). */
  readonly records: readonly EvidenceRecord[];
  readonly findings: readonly string[];
}

/** The catalogue entry a span was emitted for (GenAI spans carry "{operation} {model}" names). */
function catalogueNameOf(name: string, attributes: Readonly<Record<string, unknown>>): SpanName | undefined {
  return (Object.keys(spanCatalogue) as SpanName[]).find((entry) => emittedSpanName(entry, attributes) === name);
}

export async function runProbe(options: ProbeOptions): Promise<ProbeResult> {
  const spanExporter = new InMemorySpanExporter();
  const logs = new MemorySink();
  const hostRegion = hostsFor(options.environment)[0]!.host_region;
  const artifacts = new ArtifactRecorder(new MemoryArtifactStore());
  const telemetry = new Telemetry({ environment: options.environment, hostRegion, seed: options.seed, spanExporter, logSinks: [logs], artifacts });
  try {
    const simulator = new Simulator(telemetry, { environment: options.environment, seed: options.seed, speed: 1 });
    // The registry readiness check precedes lowering, as in a real run.
    simulator.registryCheck();
    const { traceId } = simulator.runOnce({
      host: simulator.model.hosts[0]!,
      backend: options.backend,
      operators: [options.operator],
      outcome: options.outcome,
    });
    await Promise.all([telemetry.tracing.forceFlush(), artifacts.flush()]);

    const spans = spanExporter.getFinishedSpans().map((s) => ({
      name: s.name,
      catalogueName: catalogueNameOf(s.name, s.attributes),
      traceId: s.spanContext().traceId,
      spanId: s.spanContext().spanId,
      attributes: { ...s.attributes },
      status: s.status.code === SpanStatusCode.ERROR ? ('error' as const) : s.status.code === SpanStatusCode.OK ? ('ok' as const) : ('unset' as const),
      durationMs: s.duration[0] * 1000 + s.duration[1] / 1e6,
    }));

    const samples: ProbeSample[] = [];
    const touched = new Set<string>();
    for (const name of Object.keys(metricCatalogue) as MetricName[]) {
      const data = (await telemetry.metrics.get(name).get()) as unknown as {
        values: { labels: Record<string, string | number>; value: number; metricName?: string; exemplar?: { labelSet: Record<string, string> } | null }[];
      };
      if (data.values.length > 0) touched.add(name);
      for (const v of data.values) {
        const exemplar = v.exemplar?.labelSet && Object.keys(v.exemplar.labelSet).length ? { exemplar: v.exemplar.labelSet } : {};
        samples.push({ name: v.metricName ?? name, labels: v.labels, value: v.value, ...exemplar });
      }
    }
    const records = simulator.stages.evidence;
    const findings = [
      ...checkEmission(expectedSignals(options.outcome), { spans, metrics: touched, logs: logs.lines, records }, options),
      ...(await checkArtifacts(artifacts, spans, logs.lines)),
    ];
    return { options, traceId, spans, metrics: samples, logs: logs.lines, records, findings };
  } finally {
    await telemetry.shutdown(500);
  }
}

/**
 * The toolchain output of every compile.execute span resolves: its artifact.log_id is in the
 * store, the stored bytes hash to that id, the byte counts on the span are the stored streams',
 * and the compile.end line carries the same id (and no raw output).
 */
async function checkArtifacts(recorder: ArtifactRecorder, spans: readonly EmittedSpan[], lines: readonly LogLine[]): Promise<string[]> {
  const findings: string[] = [];
  for (const span of spans.filter((s) => s.name === 'compile.execute')) {
    const id = span.attributes['artifact.log_id'];
    if (typeof id !== 'string') {
      findings.push('span compile.execute: artifact.log_id missing (toolchain output not captured)');
      continue;
    }
    const data = await recorder.store.get(id);
    if (!data) {
      findings.push(`span compile.execute: artifact.log_id ${id} does not resolve in the artefact store`);
      continue;
    }
    if (artifactIdOf(data) !== id) findings.push(`artefact ${id}: stored bytes hash to ${artifactIdOf(data)}`);
    const log = decodeToolchainLog(data);
    for (const stream of ['stdout', 'stderr'] as const) {
      const onSpan = span.attributes[`artifact.${stream}_bytes`];
      if (onSpan !== log.originalBytes[stream]) findings.push(`span compile.execute: artifact.${stream}_bytes is ${String(onSpan)}, the artefact holds ${log.originalBytes[stream]}`);
    }
    const end = lines.find((l) => l.event === 'compile.end' && l.span_id === span.spanId);
    if (end && end.artifact_log_id !== id) findings.push(`log compile.end: artifact_log_id ${String(end.artifact_log_id)} differs from the span's ${id}`);
  }
  return findings;
}
