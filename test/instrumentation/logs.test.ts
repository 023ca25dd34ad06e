import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { logEvents, W3C_SPAN_ID_PATTERN, W3C_TRACE_ID_PATTERN } from '../../src/catalogue';
import { MemorySink, StreamSink, Telemetry, TelemetryContractError } from '../../src/instrumentation';
import { PassThrough } from 'node:stream';

function setup() {
  const exporter = new InMemorySpanExporter();
  const logs = new MemorySink();
  const t = new Telemetry({ environment: 'offline', hostRegion: 'airgap-lab', spanExporter: exporter, logSinks: [logs] });
  return { exporter, logs, t };
}

const compileAttrs = { 'backend.name': 'c99', 'toolchain.binary': 'gcc', 'host.kind': 'offline', 'build.cache_hit': false } as const;
const startFields = { backend: 'c99', operator: 'matmul', clause_id: '0123456789abcdef', toolchain_binary: 'gcc' };

describe('logEvent', () => {
  it('fills trace_id/span_id of the active span and the host defaults', () => {
    const { exporter, logs, t } = setup();
    t.instrumentSpan('compile.execute', compileAttrs, () => t.logEvent('compile.start', startFields));
    const [span] = exporter.getFinishedSpans();
    const [line] = logs.lines;
    expect(line).toMatchObject({ event: 'compile.start', level: 'info', environment: 'offline', host_region: 'airgap-lab', ...startFields });
    expect(line?.trace_id).toBe(span?.spanContext().traceId);
    expect(line?.span_id).toBe(span?.spanContext().spanId);
    expect(line?.trace_id).toMatch(new RegExp(W3C_TRACE_ID_PATTERN));
    expect(line?.span_id).toMatch(new RegExp(W3C_SPAN_ID_PATTERN));
    expect(Number.isNaN(Date.parse(String(line?.ts)))).toBe(false);
  });

  it('keeps the trace context across awaits inside the span', async () => {
    const { exporter, logs, t } = setup();
    await t.instrumentSpan('compile.execute', compileAttrs, async () => {
      await new Promise((r) => setTimeout(r, 2));
      t.logEvent('compile.end', { ...startFields, status: 'failure', exit_code: 1, duration_seconds: 1.5, cache_hit: false, error_code: 'E0101', level: 'error' });
    });
    expect(logs.lines[0]?.span_id).toBe(exporter.getFinishedSpans()[0]?.spanContext().spanId);
    expect(logs.lines[0]?.error_code).toBe('E0101');
  });

  it('writes every catalogue field in catalogue order', () => {
    const { logs, t } = setup();
    t.instrumentSpan('verify.run', { 'backend.name': 'c99', 'clause.id': '0123456789abcdef', 'host.kind': 'offline' }, () =>
      t.logEvent('verify.block', { backend: 'c99', clause_id: '0123456789abcdef', checker: 'cbmc', reason: 'bounds', error_code: 'V1002' }),
    );
    expect(Object.keys(logs.lines[0]!)).toEqual(Object.keys(logEvents['verify.block'].fields));
  });

  it.each([
    ['outside any span', null, 'compile.start', startFields, /inside an active span/],
    ['inside the wrong span', 'spec.parse', 'compile.start', startFields, /belongs in span compile.execute/],
    ['unknown field', 'compile.execute', 'compile.start', { ...startFields, extra: 1 }, /field "extra" is not in the catalogue/],
    ['missing field', 'compile.execute', 'compile.start', { backend: 'c99' }, /required field "operator"/],
    ['bad pattern', 'compile.execute', 'compile.start', { ...startFields, clause_id: 'nothex' }, /does not match/],
    ['trace fields are not caller-settable', 'compile.execute', 'compile.start', { ...startFields, trace_id: '0'.repeat(32) }, /trace_id/],
  ])('rejects at runtime: %s', (_case, span, event, fields, message) => {
    const { logs, t } = setup();
    const log = (): unknown => (t.logEvent as unknown as (e: string, f: unknown) => unknown).call(t, event, fields);
    const run = (): unknown =>
      span === null
        ? log()
        : span === 'spec.parse'
          ? t.instrumentSpan('spec.parse', { 'host.kind': 'offline' }, log)
          : t.instrumentSpan('compile.execute', compileAttrs, log);
    expect(run).toThrow(TelemetryContractError);
    expect(run).toThrow(message);
    expect(logs.lines).toHaveLength(0);
  });

  it('StreamSink writes one JSON object per line and survives a closed reader', () => {
    const stream = new PassThrough();
    const chunks: string[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c.toString()));
    const t = new Telemetry({ environment: 'online', hostRegion: 'us-east', logSinks: [new StreamSink(stream)] });
    t.instrumentSpan('compile.execute', { ...compileAttrs, 'host.kind': 'online' }, () => t.logEvent('compile.start', startFields));
    const lines = chunks.join('').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ event: 'compile.start', host_region: 'us-east' });
    stream.destroy(new Error('EPIPE'));
    expect(() => t.instrumentSpan('compile.execute', { ...compileAttrs, 'host.kind': 'online' }, () => t.logEvent('compile.start', startFields))).not.toThrow();
  });
});
