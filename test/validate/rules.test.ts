/** Whole-engine checks over the generated dashboard; per-rule tables are in rule-tables.test.ts. */
import * as path from 'node:path';
import { loadCatalogue } from '../../src/validate/catalogue';
import { loadProvisionedDatasources } from '../../src/validate/datasources';
import { validateDashboard, type EngineOptions } from '../../src/validate/engine';
import { rules } from '../../src/validate/rules/index';
import type { Finding } from '../../src/validate/types';
import { baseDashboard, ROOT, type Dash } from './cases';

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

test('every rule is registered once and documented', () => {
  const ids = rules.map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const r of rules) expect(r.doc.length).toBeGreaterThan(20);
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
