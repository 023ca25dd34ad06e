/** One table per rule: bad cases (from cases.ts) must be found at their pointer; good variants stay clean. */
import * as path from 'node:path';
import { loadCatalogue } from '../../src/validate/catalogue';
import { loadProvisionedDatasources } from '../../src/validate/datasources';
import { validateDashboard, type EngineOptions } from '../../src/validate/engine';
import { rules } from '../../src/validate/rules/index';
import type { Finding } from '../../src/validate/types';
import { baseDashboard, cases, ROOT, type Dash } from './cases';

const catalogue = loadCatalogue(path.join(ROOT, 'generated', 'catalogue.json'));
const datasources = loadProvisionedDatasources(path.join(ROOT, 'generated', 'provisioning'));

function run(mutate: (d: Dash) => void, extra: EngineOptions = {}): Finding[] {
  const d = baseDashboard();
  mutate(d);
  return validateDashboard(JSON.stringify(d, null, 2), { catalogue, ...extra });
}

test('the generated dashboard is clean, with catalogue and provisioned datasources', () => {
  expect(run(() => {}, { datasources })).toEqual([]);
});

test('every rule is registered once, documented, and has at least one bad case', () => {
  const ids = rules.map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const r of rules) expect(r.doc.length).toBeGreaterThan(20);
  const covered = new Set(cases.map((c) => c.rule));
  // Rules tested elsewhere: JSON layer (json.test.ts), schema delegation and live Prometheus (below / cli.test.ts).
  const elsewhere = new Set(['json/syntax', 'json/duplicate-key', 'json/not-object', 'schema', 'prometheus/live']);
  for (const id of ids) if (!elsewhere.has(id)) expect({ id, covered: covered.has(id) }).toEqual({ id, covered: true });
});

const byRule = new Map<string, typeof cases>();
for (const c of cases) byRule.set(c.rule, [...(byRule.get(c.rule) ?? []), c]);

for (const [rule, table] of byRule) {
  describe(rule, () => {
    test.each(table.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const found = run(c.mutate, c.provisioned ? { datasources } : {});
      const hit = found.find((f) => f.rule === c.rule && f.pointer === c.pointer && f.message.includes(c.message));
      const seen = hit ? { rule: hit.rule, pointer: hit.pointer, severity: hit.severity } : found;
      expect(seen).toEqual({ rule: c.rule, pointer: c.pointer, severity: c.severity });
      expect(hit!.line).toBeGreaterThan(0);
      if (c.exprColumn !== undefined) expect(hit!.exprColumn).toBe(c.exprColumn);
      // Query findings name their panel.
      if (c.pointer.startsWith('/panels/') && c.pointer.split('/').length > 3) expect(hit!.panelTitle).toBeDefined();
    });
  });
}

/** Variants that look suspicious but are right: each must produce no finding of its rule. */
const good: { rule: string; name: string; mutate(d: Dash): void }[] = [
  { rule: 'query/rate-interval', name: '$__range for whole-range totals', mutate: (d) => (d.panels[7].targets[0].expr = 'sum(increase(compile_success_total[$__range]))') },
  { rule: 'query/rate-interval', name: 'braced ${__rate_interval}', mutate: (d) => (d.panels[8].targets[0].expr = 'sum(rate(compile_success_total[${__rate_interval}]))') },
  { rule: 'query/histogram-quantile', name: 'native histogram without le (no catalogue metric)', mutate: (d) => (d.panels[2].targets[0].expr = 'histogram_quantile(0.9, sum(rate(http_request_duration_seconds[$__rate_interval])))') },
  { rule: 'query/histogram-quantile', name: 'by (le) after the body', mutate: (d) => (d.panels[2].targets[0].expr = 'histogram_quantile(0.9, sum(rate(pipeline_latency_seconds_bucket[$__rate_interval])) by (le))') },
  { rule: 'dashboard/undefined-variable', name: '$1 in label_replace is a capture group', mutate: (d) => (d.panels[5].targets[0].expr = 'sum(label_replace(registry_missing_binaries, "b", "$1", "backend", "(.*)"))') },
  { rule: 'catalogue/label-value', name: 'regex matching an allowed value', mutate: (d) => (d.panels[4].targets[0].expr = 'sum by (host_region, maturity) (registry_backends{maturity=~"stable|preview"})') },
  { rule: 'catalogue/label-value', name: 'variable in a closed label', mutate: (d) => (d.panels[4].targets[0].expr = 'sum by (host_region, maturity) (registry_backends{maturity="$environment"})') },
  { rule: 'catalogue/raw-counter', name: 'count() of a counter series', mutate: (d) => (d.panels[7].targets[0].expr = 'count(compile_success_total)') },
  { rule: 'catalogue/unknown-label', name: 'job and instance target labels', mutate: (d) => (d.panels[5].targets[0].expr = 'sum(registry_missing_binaries{job="pipeline", instance=~".+"})') },
  { rule: 'catalogue/log-field', name: 'label created by json extraction', mutate: (d) => (d.panels[12].targets[0].expr = '{service_name="compile-pipeline"} | json chk="checker" | chk="cbmc"') },
  { rule: 'catalogue/unit-mismatch', name: 'average from _sum/_count is seconds', mutate: (d) => (d.panels[2].targets[0].expr = 'sum(rate(pipeline_latency_seconds_sum[$__rate_interval])) / sum(rate(pipeline_latency_seconds_count[$__rate_interval]))') },
  { rule: 'dashboard/grid-overlap', name: 'collapsed row children laid out on their own', mutate: (d) => {
    const row = d.panels[13];
    row.collapsed = true;
    row.panels = [d.panels.pop()];
  } },
  { rule: 'dashboard/datasource', name: 'provisioned uid', mutate: (d) => (d.panels[8].targets[0].datasource = { type: 'prometheus', uid: 'pipeline-prometheus' }) },
  { rule: 'panel/text-security', name: 'plain markdown text', mutate: (d) => d.panels.push({ id: 16, type: 'text', title: 'Notes', gridPos: { x: 0, y: 47, w: 24, h: 3 }, options: { mode: 'markdown', content: 'See the *runbook*.' } }) },
];

describe('good variants', () => {
  test.each(good.map((g) => [g.rule, g.name, g] as const))('%s: %s', (_r, _n, g) => {
    expect(run(g.mutate, { datasources }).filter((f) => f.rule === g.rule)).toEqual([]);
  });
});

test('legacy graph/singlestat panels and top-level rows are never errors', () => {
  const legacy = {
    uid: 'legacy',
    title: 'Legacy',
    schemaVersion: 14,
    rows: [{ title: 'r', panels: [{ id: 1, type: 'graph', title: 'g', targets: [{ expr: 'rate(x_total[$__rate_interval])', refId: 'A' }] }, { id: 2, type: 'singlestat', title: 's', targets: [{ expr: 'up', refId: 'A' }] }] }],
  };
  expect(validateDashboard(JSON.stringify(legacy), { catalogue: null }).filter((f) => f.severity === 'error')).toEqual([]);
});

test('schema findings from the schema layer are passed through with their own rule ids', () => {
  const found = run((d) => {
    d.panels[8].gridPos = 'top-left';
    d.schemaVersion = 30;
  });
  expect(found.find((f) => f.rule === 'schema' && f.pointer === '/panels/8/gridPos')?.severity).toBe('error');
  expect(found.find((f) => f.pointer === '/schemaVersion')?.severity).toBe('info');
});

test('a non-catalogue run skips catalogue rules', () => {
  const found = run((d) => (d.panels[8].targets[0].expr = 'sum(rate(not_in_catalogue_total[$__rate_interval]))'), { catalogue: null });
  expect(found).toEqual([]);
});
