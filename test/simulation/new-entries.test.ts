/**
 * A catalogue entry added with no simulation block (or a partial one) is simulated from its
 * defaults: the exporter serves samples for every promised series and reports ready, and the
 * probe expects and finds it. The entries are added to a fresh copy of the catalogue module.
 */
type Catalogue = typeof import('../../src/catalogue');
type Simulation = typeof import('../../src/simulation');
type Exporter = typeof import('../../src/exporter');
type Probe = typeof import('../../src/probe/probe');

function withExtraEntries(): { simulation: Simulation; exporter: Exporter; probe: Probe } {
  let loaded: { simulation: Simulation; exporter: Exporter; probe: Probe } | undefined;
  jest.isolateModules(() => {
    const c = require('../../src/catalogue') as Catalogue;
    const labels = c.labels as Record<string, unknown>;
    const metrics = c.metrics as Record<string, unknown>;
    const spans = c.spans as Record<string, unknown>;
    const attributes = c.spanAttributes as Record<string, unknown>;
    const events = c.logEvents as Record<string, unknown>;
    labels.cache_tier = { description: 'Cache tier.', closed: true, values: ['memory', 'disk'] };
    metrics.cache_lookups_total = { type: 'counter', help: 'Cache lookups.', unit: 'count', labels: ['environment', 'host_region', 'cache_tier'], source: 'pipeline' };
    metrics.queue_wait_seconds = { type: 'histogram', help: 'Queue wait.', unit: 'seconds', labels: ['environment', 'backend'], buckets: [0.1, 1, 10], source: 'pipeline' };
    metrics.workers_busy = { type: 'gauge', help: 'Busy workers.', unit: 'count', labels: ['host_region', 'operator'], source: 'pipeline', simulation: { span: 'codegen.lower' } };
    attributes['shard.id'] = { type: 'string', description: 'Shard.', pattern: '^s[0-9]{2}$' };
    spans['plan.shard'] = { description: 'One shard of planning.', required: ['host.kind', 'shard.id'], optional: ['error.code'], simulation: { parent: 'plan.compile_graph' } };
    spans['notify.send'] = { description: 'Notification after packaging.', required: ['host.kind'], optional: ['error.code'] };
    events['notify.sent'] = {
      description: 'A notification went out.',
      span: 'notify.send',
      fields: { ...c.commonLogFields, channel: { type: 'string', description: 'Channel.', values: ['mail', 'chat'] }, attempts: { type: 'number', description: 'Attempts.' } },
    };
    loaded = {
      simulation: require('../../src/simulation') as Simulation,
      exporter: require('../../src/exporter') as Exporter,
      probe: require('../../src/probe/probe') as Probe,
    };
  });
  return loaded!;
}

describe('catalogue entries without simulation code', () => {
  const { simulation, exporter, probe } = withExtraEntries();

  it('are in the probe expectations on the paths that reach them', () => {
    const success = simulation.expectedSignals('success');
    expect(success.metrics).toEqual(expect.arrayContaining(['cache_lookups_total', 'queue_wait_seconds', 'workers_busy']));
    expect(success.spans).toEqual(expect.arrayContaining(['plan.shard', 'notify.send']));
    expect(success.logs).toContain('notify.sent');
    // A failed compile ends the run before the new last stage, so neither it nor its event is expected.
    const failed = simulation.expectedSignals('compile-failure');
    expect(failed.spans).toContain('plan.shard');
    expect(failed.spans).not.toContain('notify.send');
    expect(failed.logs).not.toContain('notify.sent');
  });

  it.each(['success', 'compile-failure', 'verify-block'] as const)('the probe finds them (%s)', async (outcome) => {
    const result = await probe.runProbe({ backend: 'rust', operator: 'gather', environment: 'online', outcome, seed: 4 });
    expect(result.findings).toEqual([]);
    const shard = result.spans.find((s) => s.name === 'plan.shard');
    expect(shard?.attributes['shard.id']).toMatch(/^s[0-9]{2}$/);
    const busy = result.metrics.filter((m) => m.name === 'workers_busy');
    expect(busy.map((m) => m.labels.operator)).toEqual(['gather']);
  });

  it('the exporter serves a sample for every promised series and is ready', async () => {
    const handle = await exporter.startExporter({ port: 0, seed: 11, logStream: null, autoTick: false });
    try {
      expect(handle.simulator.missing()).toEqual([]);
      expect((await fetch(`${handle.url}/readyz`)).status).toBe(200);
      const body = await (await fetch(handle.metricsUrl)).text();
      for (const tier of ['memory', 'disk']) for (const region of ['eu-central', 'us-east', 'ap-southeast']) {
        expect(body).toContain(`cache_lookups_total{environment="online",host_region="${region}",cache_tier="${tier}"}`);
      }
      const count = (re: RegExp) => body.split('\n').filter((l) => re.test(l)).length;
      expect(count(/^queue_wait_seconds_count\{environment="online",backend="[a-z0-9]+"\} [1-9]/)).toBe(5);
      expect(count(/^workers_busy\{/)).toBe(3 * 6);
    } finally {
      await handle.close();
    }
  });
});
