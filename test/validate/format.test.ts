import { formatGithub } from '../../src/validate/format/github';
import { formatSarif } from '../../src/validate/format/sarif';
import { formatText } from '../../src/validate/format/text';
import { rules } from '../../src/validate/rules/index';
import type { Finding } from '../../src/validate/types';

const findings: Finding[] = [
  { file: 'dash/a.json', pointer: '/panels/3/targets/0/expr', line: 12, column: 19, rule: 'catalogue/unknown-metric', severity: 'error', message: 'unknown metric "x_total"; did you mean "y_total"?', panelTitle: 'Rate, by backend', exprColumn: 6 },
  { file: 'dash/a.json', pointer: '/templating/list/2/name', line: 40, column: 15, rule: 'dashboard/unused-variable', severity: 'warning', message: 'variable "v" is defined but never used' },
  { file: 'dash/b.json', pointer: '/schemaVersion', line: 2, column: 20, rule: 'schema-version', severity: 'info', message: '100% old\nsecond line' },
];

test('github annotations: one escaped line per finding', () => {
  const lines = formatGithub(findings).trimEnd().split('\n');
  expect(lines).toHaveLength(3);
  expect(lines[0]).toBe('::error file=dash/a.json,line=12,col=19,title=catalogue/unknown-metric::unknown metric "x_total"; did you mean "y_total"? (at /panels/3/targets/0/expr, panel "Rate, by backend", expr col 6)');
  expect(lines[1]).toMatch(/^::warning file=dash\/a.json,line=40,col=15,title=dashboard\/unused-variable::/);
  expect(lines[2]).toMatch(/^::notice .*::100%25 old%0Asecond line/);
});

test('SARIF 2.1.0: rules in tool.driver.rules, results with region and pointer', () => {
  const log = JSON.parse(formatSarif(findings, rules, { cwd: process.cwd(), version: '1.2.3' }));
  expect(log.version).toBe('2.1.0');
  expect(log.$schema).toMatch(/sarif-2\.1\.0/);
  const run = log.runs[0];
  expect(run.tool.driver.name).toBe('validate_dashboards');
  const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
  for (const r of rules) expect(ids).toContain(r.id);
  expect(ids).toContain('schema-version');
  for (const r of run.tool.driver.rules) expect(r.shortDescription.text.length).toBeGreaterThan(0);
  expect(run.results).toHaveLength(3);
  for (const [i, res] of run.results.entries()) {
    expect(ids[res.ruleIndex]).toBe(res.ruleId);
    expect(['error', 'warning', 'note']).toContain(res.level);
    expect(res.message.text).toBe(findings[i]!.message);
    const loc = res.locations[0];
    expect(loc.physicalLocation.artifactLocation.uri).toBe(findings[i]!.file);
    expect(loc.physicalLocation.region).toEqual({ startLine: findings[i]!.line, startColumn: findings[i]!.column });
    expect(loc.logicalLocations[0].fullyQualifiedName).toBe(findings[i]!.pointer);
  }
  expect(run.results[2].level).toBe('note');
});

test('text output groups by file and colours only when asked', () => {
  const plain = formatText(findings, { colour: false, filesChecked: 2 });
  expect(plain).not.toContain('\x1b[');
  expect(plain.indexOf('dash/a.json')).toBeLessThan(plain.indexOf('dash/b.json'));
  expect(plain).toContain('12:19');
  expect(plain).toContain('[panel "Rate, by backend"]');
  expect(plain).toMatch(/2 file\(s\) checked: 1 error\(s\), 1 warning\(s\), 1 info/);
  expect(formatText(findings, { colour: true, filesChecked: 2 })).toContain('\x1b[31m');
});
