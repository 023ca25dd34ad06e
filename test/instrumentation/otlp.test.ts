import * as path from 'node:path';
import { Telemetry } from '../../src/instrumentation';
import { runTs } from './child';
import { startReceiver, type Receiver } from './receivers';

const FIXTURE = path.join(__dirname, 'fixtures', 'otlp-emit.ts');

type AnyValue = { stringValue?: string; boolValue?: boolean };
interface OtlpJson {
  resourceSpans: {
    resource: { attributes: { key: string; value: AnyValue }[] };
    scopeSpans: { spans: { name: string; traceId: string; status?: { code?: number }; attributes: { key: string; value: AnyValue }[] }[] }[];
  }[];
}

function decode(receiver: Receiver) {
  return receiver.requests
    .filter((r) => r.url === '/v1/traces')
    .flatMap((r) => (JSON.parse(r.body) as OtlpJson).resourceSpans)
    .flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => ({ ...s, resource: rs.resource }))));
}

const attr = (attrs: { key: string; value: AnyValue }[], key: string): unknown => {
  const v = attrs.find((a) => a.key === key)?.value;
  return v?.stringValue ?? v?.boolValue;
};

describe('OTLP/HTTP span export', () => {
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  it('posts spans with catalogue names and attributes to {endpoint}/v1/traces (JSON)', async () => {
    receiver = await startReceiver(() => 200);
    const result = await runTs(FIXTURE, [`${receiver.url}/`, '2', '2000']);
    expect(result.code).toBe(0);
    const { traceId } = JSON.parse(result.stdout) as { traceId: string };
    const spans = decode(receiver);
    expect(receiver.requests[0]?.headers['content-type']).toContain('application/json');
    expect(spans.map((s) => s.name).sort()).toEqual(['codegen.lower', 'codegen.lower', 'compile.execute']);
    const lower = spans.find((s) => s.name === 'codegen.lower')!;
    expect(attr(lower.attributes, 'backend.name')).toBe('verilog');
    expect(attr(lower.attributes, 'operator.name')).toBe('conv2d');
    expect(attr(lower.attributes, 'clause.id')).toBe('aaaaaaaaaaaaaaaa');
    expect(attr(lower.attributes, 'build.cache_hit')).toBe(true);
    const compile = spans.find((s) => s.name === 'compile.execute')!;
    expect(attr(compile.attributes, 'error.code')).toBe('E0501');
    expect(compile.status?.code).toBe(2); // STATUS_CODE_ERROR
    for (const s of spans) expect(s.traceId).toBe(traceId);
    expect(attr(lower.resource.attributes, 'service.name')).toBe('compile-pipeline');
    expect(attr(lower.resource.attributes, 'deployment.environment.name')).toBe('offline');
  });

  it('an unreachable endpoint neither crashes nor holds shutdown past its bound', async () => {
    const dead = await startReceiver();
    await dead.close();
    // 200 spans into a queue of 64: the excess is dropped, not buffered.
    const result = await runTs(FIXTURE, [dead.url, '200', '700']);
    expect(result.code).toBe(0);
    const { shutdownMs } = JSON.parse(result.stdout) as { shutdownMs: number };
    expect(shutdownMs).toBeLessThan(3000); // bound is 700 ms; slack for a loaded machine
  });

  it('without an endpoint nothing is exported and spans still carry ids', () => {
    const t = new Telemetry({ environment: 'online', hostRegion: 'eu-central' });
    expect(t.tracing.exportsOtlp).toBe(false);
    const id = t.instrumentSpan('spec.parse', { 'host.kind': 'online' }, (span) => span.traceId);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
  });
});
