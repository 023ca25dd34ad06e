import { labels, spans as spanCatalogue } from '../../src/catalogue';
import { checkEmission, type Emitted } from '../../src/probe/check';
import { expectedSignals, outcomes } from '../../src/simulation';
import { runProbe } from '../../src/probe/probe';
import { runScript } from '../helpers/cli';

const want = { backend: 'cuda', operator: 'conv2d' };

describe('runProbe', () => {
  it.each(outcomes)('outcome %s emits every required signal, linked to one trace', async (outcome) => {
    const result = await runProbe({ ...want, environment: 'online', outcome, seed: 3 });
    expect(result.findings).toEqual([]);
    const expected = expectedSignals(outcome);
    expect(new Set(result.spans.map((s) => s.catalogueName))).toEqual(new Set(expected.spans));
    expect(new Set(result.logs.map((l) => l.event))).toEqual(new Set(expected.logs));
    for (const s of result.spans) expect(s.traceId).toBe(result.traceId);
  });

  it('a blocked run logs verify.block inside verify.run; a failed compile marks compile.execute with error.code', async () => {
    const blocked = await runProbe({ ...want, environment: 'offline', outcome: 'verify-block', seed: 1 });
    const verify = blocked.spans.find((s) => s.name === 'verify.run')!;
    expect(blocked.logs.find((l) => l.event === 'verify.block')?.span_id).toBe(verify.spanId);
    const failed = await runProbe({ ...want, environment: 'online', outcome: 'compile-failure', seed: 1 });
    const compile = failed.spans.find((s) => s.name === 'compile.execute')!;
    expect(compile.status).toBe('error');
    expect(compile.attributes['error.code']).toMatch(/^E\d{4}$/);
    expect(failed.metrics.some((m) => m.name === 'compile_failure_total' && m.value === 1)).toBe(true);
  });
});

describe('checkEmission finds what is missing', () => {
  const base = async (): Promise<Emitted & { traceId: string }> => {
    const r = await runProbe({ ...want, environment: 'online', outcome: 'success', seed: 5 });
    return { spans: r.spans, metrics: new Set(r.metrics.map((m) => m.name.replace(/_(bucket|sum|count)$/, ''))), logs: r.logs, traceId: r.traceId };
  };

  it.each([
    ['a span', (e: Emitted): Emitted => ({ ...e, spans: e.spans.filter((s) => s.name !== 'verify.run') }), 'span verify.run: not emitted'],
    [
      'a required attribute',
      (e: Emitted): Emitted => ({ ...e, spans: e.spans.map((s) => (s.name === 'codegen.lower' ? { ...s, attributes: { ...s.attributes, 'clause.id': undefined } } : s)).map((s) => ({ ...s, attributes: Object.fromEntries(Object.entries(s.attributes).filter(([, v]) => v !== undefined)) })) }),
      'span codegen.lower: required attribute clause.id missing',
    ],
    ['a metric', (e: Emitted): Emitted => ({ ...e, metrics: new Set([...e.metrics].filter((m) => m !== 'registry_backends')) }), 'metric registry_backends: no series recorded'],
    ['a log event', (e: Emitted): Emitted => ({ ...e, logs: e.logs.filter((l) => l.event !== 'compile.end') }), 'log compile.end: not emitted'],
    ['trace linkage', (e: Emitted): Emitted => ({ ...e, logs: e.logs.map((l) => ({ ...l, span_id: '0000000000000001' })) }), 'log compile.start: trace_id/span_id do not match a compile.execute span of this cycle'],
    ['the requested operator', (e: Emitted): Emitted => ({ ...e, spans: e.spans.map((s) => (s.name === 'codegen.lower' ? { ...s, attributes: { ...s.attributes, 'operator.name': 'gather' } } : s)) }), 'span codegen.lower: no lowering of operator conv2d'],
  ])('missing %s', async (_case, mutate, finding) => {
    const emitted = await base();
    expect(checkEmission(expectedSignals('success'), emitted, want)).toEqual([]);
    expect(checkEmission(expectedSignals('success'), mutate(emitted), want)).toContain(finding);
  });

  it('a compliance artefact whose span, log line and record disagree on the provenance id is a finding', async () => {
    const r = await runProbe({ ...want, environment: 'online', outcome: 'success', seed: 5 });
    const emitted: Emitted = { spans: r.spans, metrics: new Set(r.metrics.map((m) => m.name.replace(/_(bucket|sum|count)$/, ''))), logs: r.logs, records: r.records };
    expect(r.records.length).toBeGreaterThan(0);
    expect(checkEmission(expectedSignals('success'), emitted, want)).toEqual([]);
    const otherId = 'prov-ffffffffffffffff';
    const badLine = checkEmission(expectedSignals('success'), { ...emitted, logs: r.logs.map((l) => (l.event === 'evidence.collected' ? { ...l, provenance_id: otherId } : l)) }, want);
    expect(badLine.join('\n')).toMatch(/log evidence.collected: provenance_id prov-f+ differs from its span's provenance.id prov-/);
    const badRecord = checkEmission(expectedSignals('success'), { ...emitted, records: [{ ...r.records[0]!, provenance_id: otherId }] }, want);
    expect(badRecord.join('\n')).toMatch(/artefact record prov-f+: its span carries provenance.id prov-/);
    const noId = checkEmission(
      expectedSignals('success'),
      { ...emitted, spans: r.spans.map((s) => (s.name === 'compliance.evidence.collect' ? { ...s, attributes: { ...s.attributes, 'provenance.id': undefined } } : s)) },
      want,
    );
    expect(noId).toContain('span compliance.evidence.collect: compliance artefact without provenance.id');
  });

  it('expects every catalogue span on the success path', () => {
    expect([...expectedSignals('success').spans].sort()).toEqual(Object.keys(spanCatalogue).sort());
    expect(expectedSignals('success').metrics).not.toContain('telemetry_log_lines_dropped_total');
  });
});

describe('npm run probe (child process)', () => {
  it('prints spans, metric samples and log lines, exit 0', () => {
    const r = runScript('probe.ts', ['--backend', 'rust', '--operator', 'softmax'], { timeoutMs: 30_000 });
    expect(r.code).toBe(0);
    const expected = expectedSignals('success');
    for (const text of ['spans (', 'codegen.lower', 'operator.name=softmax', 'metric samples', 'compile_success_total{', 'log lines (', '"event":"compile.start"', 'check: every signal']) {
      expect(r.stdout).toContain(text);
    }
    // Every span the success path reaches is printed (GenAI calls under their semantic-convention names).
    for (const text of [...expected.spans.filter((s) => s !== 'gen_ai.operation'), 'chat ', 'embeddings text-embedding-3-small', '"event":"evidence.collected"', 'provenance.id=prov-']) {
      expect(r.stdout).toContain(text);
    }
  });

  it('--json gives a machine-readable result', () => {
    const r = runScript('probe.ts', ['--json', '--outcome', 'verify-block'], { timeoutMs: 30_000 });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { findings: string[]; spans: { name: string }[]; logs: { event: string }[]; options: { backend: string } };
    expect(json.findings).toEqual([]);
    expect(json.options.backend).toBe('c99');
    expect(json.logs.map((l) => l.event)).toContain('verify.block');
  });

  it.each([
    [['--outcome', 'maybe'], 'invalid --outcome "maybe"'],
    [['--backend', 'C++'], 'invalid --backend "C++"'],
    [['--backend', 'fortran'], `invalid --backend "fortran": expected one of ${labels.backend.values.join(', ')}`],
    [['--operator', 'fft'], `invalid --operator "fft": expected one of ${labels.operator.values.join(', ')}`],
    [['--bogus'], 'Unknown argument: bogus'],
  ])('bad arguments %j: exit 2', (args, message) => {
    const r = runScript('probe.ts', args, { timeoutMs: 30_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});
