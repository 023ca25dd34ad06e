/**
 * One table per rule (test/validate/rules/<namespace>/<name>.ts, named after the rule id): each case is
 * a literal dashboard fragment and the complete list of findings that rule reports on it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCatalogue } from '../../src/validate/catalogue';
import { loadProvisionedDatasources } from '../../src/validate/datasources';
import { validateDashboard, validateFile } from '../../src/validate/engine';
import { rules } from '../../src/validate/rules/index';
import type { Expected, RuleTable } from './rules/fragment';

const ROOT = path.resolve(__dirname, '..', '..');
const catalogue = loadCatalogue(path.join(ROOT, 'generated', 'catalogue.json'));
const datasources = loadProvisionedDatasources(path.join(ROOT, 'generated', 'provisioning'));
const TABLES = path.join(__dirname, 'rules');

const tableFile = (id: string): string => path.join(TABLES, `${id}.ts`);

test('every registered rule has its table, and every table names a registered rule', () => {
  const missing = rules.map((r) => r.id).filter((id) => !fs.existsSync(tableFile(id)));
  expect(missing).toEqual([]);
});

test.each(rules.map((r) => [r.id, r] as const))('%s has its doc page, naming the Grafana behaviour behind its severity', (id, rule) => {
  const doc = path.join(ROOT, 'docs', 'rules', `${id}.md`);
  expect(fs.existsSync(doc)).toBe(true);
  const text = fs.readFileSync(doc, 'utf8');
  expect(text.startsWith(`# ${id}\n`)).toBe(true);
  expect(text).toContain(`Default severity: **${rule.severity}**`);
  for (const section of ['## What and why', '## Grafana behaviour', 'Bad:', 'Good:', '## Configure or exclude']) expect(text).toContain(section);
  expect(text).toContain(`${id}: off`);
});

for (const rule of rules) {
  if (!fs.existsSync(tableFile(rule.id))) continue;
  const { table } = require(tableFile(rule.id)) as { table: RuleTable };
  describe(rule.id, () => {
    test('the table is about this rule and has a bad and a good case', () => {
      expect(table.rule).toBe(rule.id);
      expect(table.cases.some((c) => c.expect.length > 0)).toBe(true);
      if (rule.id !== 'json/not-object') expect(table.cases.some((c) => c.expect.length === 0)).toBe(true);
    });
    test.each(table.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const options = { rules: [rule], catalogue: (c.catalogue ?? rule.needsCatalogue) ? catalogue : null, ...(c.datasources ? { datasources } : {}), ...(c.live ? { live: { url: 'http://127.0.0.1:9090', metrics: new Map(Object.entries(c.live.metrics)), labels: new Set(c.live.labels) } } : {}) };
      let found;
      if (Buffer.isBuffer(c.input)) {
        // Bytes go through a file: only validateFile sees undecoded input.
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rule-table-')), 'd.json');
        fs.writeFileSync(file, c.input);
        found = validateFile(file, options);
      } else found = validateDashboard(typeof c.input === 'string' ? c.input : JSON.stringify(c.input, null, 2), options);
      const got = found.map((f): Expected =>
        f.exprColumn !== undefined ? [f.severity, f.pointer, f.message, f.exprColumn] : [f.severity, f.pointer, f.message],
      );
      expect(got).toEqual(c.expect);
      for (const f of found) expect(f.rule).toBe(rule.id);
    });
  });
}
