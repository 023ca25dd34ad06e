/** Regression tests for output defects found by running the validator as a new user would. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli/validate-dashboards';
import { validateDashboard, validateFile } from '../../src/validate/engine';
import { rules } from '../../src/validate/rules/index';
import { tempDir } from '../helpers/cli';
import { sharedDir } from '../helpers/shared';
import { ROOT } from './cases';
import { dash, panel, prom } from './rules/fragment';

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd: ROOT, colour: false });
  return { code, stdout, stderr };
}

const CORPUS = sharedDir('corpus/dashboards', 'rule ids and the --no-catalogue hint over real third-party dashboards');

const write = (dir: string, name: string, text: string): string => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
};

test('an empty refId is not shown as "(query )"', () => {
  const d = dash({ panels: [panel('stat', { fieldConfig: { defaults: { unit: 'percent' }, overrides: [] }, targets: [prom('max(verification_block_rate)', { refId: '' })] })] });
  const found = validateDashboard(d, { catalogue: JSON.parse(fs.readFileSync(path.join(ROOT, 'generated', 'catalogue.json'), 'utf8')) });
  const f = found.find((x) => x.rule === 'catalogue/unit-mismatch');
  expect(f?.message).toContain('(query /panels/0/targets/0)');
  expect(found.map((x) => x.message).join('\n')).not.toContain('(query )');
});

test('a variable without a name is never reported as variable ""', () => {
  const found = validateDashboard(dash({ templating: { list: [{ name: '', type: 'custom', query: 'a' }] } }), { catalogue: null });
  expect(found.map((x) => x.message).join('\n')).not.toContain('variable ""');
});

test('gridPos.w "16" is one schema finding, not also a grid finding at the same spot', () => {
  const found = validateDashboard(JSON.stringify(dash({ panels: [panel('stat', { gridPos: { x: 0, y: 0, w: '16', h: 4 } })] })), { catalogue: null });
  expect(found.filter((x) => x.pointer.startsWith('/panels/0/gridPos')).map((x) => [x.rule, x.pointer])).toEqual([['schema', '/panels/0/gridPos/w']]);
});

// Without the corpus, the broken fixtures alone (the SKIPPED line says the corpus is missing).
test('--list-rules lists every id the validator emits over the corpus and the broken fixtures', async () => {
  const listed = new Set((await cli(['--list-rules'])).stdout.split('\n').filter(Boolean).map((l) => l.split(/\s+/)[0]));
  expect(listed).toEqual(new Set(rules.map((r) => r.id)));
  for (const id of ['schema-version', 'schema-legacy', 'schema-plugin-panel', 'json/encoding', 'json/too-deep', 'json/syntax']) expect(listed).toContain(id);
  const emitted = new Set<string>();
  for (const d of [...(CORPUS ? [CORPUS] : []), path.join(ROOT, 'test', 'fixtures', 'validate', 'broken')]) {
    for (const f of fs.readdirSync(d).filter((x) => x.endsWith('.json'))) for (const x of validateFile(path.join(d, f), { catalogue: null })) emitted.add(x.rule);
  }
  expect([...emitted].filter((id) => !listed.has(id))).toEqual([]);
});

test('a config line for json/encoding or json/too-deep is accepted and applied', async () => {
  const dir = tempDir('json-config');
  try {
    const config = write(dir, 'v.yaml', 'rules:\n  json/encoding: warning\n  json/too-deep: off\n');
    const bad = path.join(dir, 'latin1.json');
    fs.writeFileSync(bad, Buffer.from('{"title": "T\xe9st", "uid": "u", "panels": []}', 'latin1'));
    const r = await cli(['--no-catalogue', '--format', 'json', '--config', config, bad]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).findings.filter((f: { rule: string }) => f.rule === 'json/encoding').map((f: { severity: string }) => f.severity)).toEqual(['warning']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a whole-dashboard exclude covers JSON-layer findings too', async () => {
  const dir = tempDir('exclude-json');
  try {
    const file = write(dir, 'd.json', '{"uid": "legacy-one", "title": "T", "title": "T2", "panels": []}');
    const config = write(dir, 'v.yaml', 'exclude:\n  - dashboard: legacy-one\n    reason: imported unchanged\n');
    const r = await cli(['--no-catalogue', '--format', 'json', '--config', config, file]);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
    expect(r.code).toBe(0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('validate_dashboards generated/ checks the dashboards only, not catalogue.json or schema/*.json', async () => {
  const r = await cli(['--format', 'json', 'generated']);
  const files = (JSON.parse(r.stdout) as { filesChecked: number }).filesChecked;
  expect(files).toBe(fs.readdirSync(path.join(ROOT, 'generated', 'dashboards')).filter((f) => f.endsWith('.json')).length);
  expect(r.stderr).toMatch(/skipped \d+ JSON file\(s\) that are not dashboards/);
  expect(r.code).toBe(0);
});

test('a truncated file says "unexpected end of input" where the text stops', () => {
  const [f] = validateDashboard('{\n  "title": "T",\n  "panels": [\n', { file: 'd.json' });
  expect(f).toMatchObject({ rule: 'json/syntax', line: 3, column: 14, message: 'malformed JSON: unexpected end of input (the file is cut short)' });
});

(CORPUS ? test : test.skip)('one --no-catalogue hint for third-party dashboards checked against the project catalogue', async () => {
  const two = fs.readdirSync(CORPUS!).filter((f) => f.startsWith('rfmoz__')).slice(0, 2).map((f) => path.join(CORPUS!, f));
  const r = await cli(['--format', 'json', ...two]);
  expect(r.stderr.match(/--no-catalogue/g)).toHaveLength(1);
});

test('--version prints the package version', async () => {
  const r = await cli(['--version']);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^validate_dashboards \d+\.\d+\.\d+\n$/);
});

test('a datasource variable of the wrong type for its target is an error', () => {
  const d = dash({
    templating: { list: [{ name: 'prometheus_ds', type: 'datasource', query: 'prometheus' }] },
    panels: [panel('table', { targets: [{ refId: 'A', datasource: { uid: '${prometheus_ds}' }, expr: '{app="x"} |= "error"' }] })],
  });
  const found = validateDashboard(d, { catalogue: null }).filter((f) => f.rule === 'dashboard/datasource');
  expect(found.map((f) => [f.severity, f.pointer])).toEqual([['error', '/panels/0/targets/0/datasource']]);
});
