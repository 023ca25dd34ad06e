import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { checkPlan, planBuild } from '../src/build/build';
import { dashboardSource } from '../src/cli/new-dashboard';
import { datasources } from '../src/panels/datasources';
import { copyTree, ROOT, runScript, snapshotTree, tempDir } from './helpers/cli';

const GENERATED = path.join(ROOT, 'generated');
// generated/schema belongs to the validator's schema generator, not to build-dashboards.
const managed = (tree: Map<string, string>) => new Map([...tree].filter(([rel]) => !rel.startsWith('schema/')));

describe('build plan (in process)', () => {
  const plan = planBuild();

  test('golden: a fresh build equals the committed generated/ byte for byte', () => {
    expect(checkPlan(plan, GENERATED)).toEqual([]);
  });

  test('deterministic: two plans give identical bytes', () => {
    const again = planBuild();
    expect([...again.files.entries()]).toEqual([...plan.files.entries()]);
  });

  test('the pipeline dashboard has the five groups and every required panel type', () => {
    const json = JSON.parse(plan.files.get('dashboards/compile-pipeline-overview.json')!);
    const rows = json.panels.filter((p: { type: string }) => p.type === 'row').map((p: { title: string }) => p.title);
    expect(rows).toEqual(['Pipeline Latency', 'Backend Readiness', 'Compile Outcomes', 'Verification Blocks', 'Offline Bundle Size']);
    const types = new Set(json.panels.map((p: { type: string }) => p.type));
    for (const t of ['heatmap', 'table', 'barchart', 'stat', 'gauge', 'logs', 'timeseries']) expect(types).toContain(t);
  });

  test('layout: unique ids, 24 columns, no overlaps, descriptions and units on every panel', () => {
    const json = JSON.parse(plan.files.get('dashboards/compile-pipeline-overview.json')!);
    const ids = json.panels.map((p: { id: number }) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const cells = new Set<string>();
    for (const p of json.panels) {
      const { x, y, w, h } = p.gridPos;
      expect(x + w).toBeLessThanOrEqual(24);
      for (let i = x; i < x + w; i++) for (let j = y; j < y + h; j++) {
        const key = `${i},${j}`;
        expect(cells.has(key)).toBe(false);
        cells.add(key);
      }
      if (p.type === 'row') continue;
      expect(p.description?.length).toBeGreaterThan(10);
      if (p.type !== 'logs') expect(p.fieldConfig.defaults.unit).toBeTruthy();
      for (const t of p.targets) {
        if (/\brate\(|\bincrease\(/.test(t.expr) && !t.expr.includes('[$__range]')) expect(t.expr).toContain('[$__rate_interval]');
      }
    }
  });

  test('queries use the catalogue metrics and the datasource variables', () => {
    const json = JSON.parse(plan.files.get('dashboards/compile-pipeline-overview.json')!);
    const exprs = json.panels.flatMap((p: { targets?: { expr: string }[] }) => (p.targets ?? []).map((t) => t.expr)).join('\n');
    for (const m of ['pipeline_latency_seconds_bucket', 'compile_success_total', 'compile_failure_total', 'verification_block_rate', 'offline_bundle_size_bytes', 'registry_backends', 'registry_missing_binaries']) {
      expect(exprs).toContain(m);
    }
    const refs = new Set(json.panels.flatMap((p: { targets?: { datasource: { uid: string } }[] }) => (p.targets ?? []).map((t) => t.datasource.uid)));
    expect([...refs].sort()).toEqual(['${loki_ds}', '${prometheus_ds}']);
  });

  test('provisioning YAML parses and agrees with the dashboards and datasources', () => {
    const ds = parseYaml(plan.files.get('provisioning/datasources/compile-pipeline.yaml')!);
    expect(ds.datasources.map((d: { uid: string }) => d.uid)).toEqual([datasources.prometheus.uid, datasources.loki.uid, datasources.jaeger.uid]);
    for (const d of ds.datasources) expect(d.url).toMatch(/^\$\{PIPELINE_[A-Z_]+_URL\}$/);
    const providers = parseYaml(plan.files.get('provisioning/dashboards/compile-pipeline.yaml')!);
    expect(providers.providers[0]).toMatchObject({ type: 'file', options: { path: '${PIPELINE_DASHBOARDS_DIR}' } });
    const env = plan.files.get('grafana.env')!;
    expect(env).toContain('PIPELINE_PROMETHEUS_URL=http://127.0.0.1:9090');
  });
});

describe('build-dashboards CLI', () => {
  test('builds into an empty folder and prints one line per dashboard', () => {
    const out = tempDir('build');
    const r = runScript('build-dashboards.ts', ['--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const d of planBuild().dashboards) expect(r.stdout).toContain(`${d.output}  panels=${d.panels} queries=${d.queries} bytes=${d.bytes} ms=`);
    expect(managed(snapshotTree(out))).toEqual(managed(snapshotTree(GENERATED)));
  });

  test('--check passes on the committed output and exits 1 naming a hand-edited file', () => {
    const out = tempDir('check');
    copyTree(GENERATED, out);
    expect(runScript('build-dashboards.ts', ['--check', '--out', out]).code).toBe(0);
    const file = path.join(out, 'dashboards', 'compile-pipeline-overview.json');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Compile Pipeline Overview', 'Hand edited'));
    fs.writeFileSync(path.join(out, 'dashboards', 'removed-dashboard.json'), '{}\n');
    const r = runScript('build-dashboards.ts', ['--check', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('changed dashboards/compile-pipeline-overview.json');
    expect(r.stderr).toContain('stale   dashboards/removed-dashboard.json');
  });

  test('a failing dashboard module aborts before anything is written', () => {
    const out = tempDir('broken');
    copyTree(GENERATED, out);
    fs.writeFileSync(path.join(out, 'dashboards', 'old.json'), '{"uid":"old"}\n');
    const before = snapshotTree(out);
    const r = runScript('build-dashboards.ts', ['--out', out, '--dashboards', path.join(ROOT, 'test/fixtures/broken-dashboards')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/b-throws\.ts: failed to load: boom from fixture/);
    expect(r.stderr).toContain('nothing was written');
    expect(snapshotTree(out)).toEqual(before);
  });

  test('grouping by a label the metric does not carry fails the build at its line, with "did you mean", writing nothing', () => {
    // A project beside this one: its own dashboards/ and generated/, this project's sources.
    const project = tempDir('bad-label');
    fs.symlinkSync(path.join(ROOT, 'src'), path.join(project, 'src'));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'));
    fs.mkdirSync(path.join(project, 'dashboards'));
    const out = path.join(project, 'generated');
    copyTree(GENERATED, out);
    const source = dashboardSource('queue-health').replace(".by('backend')", ".by('backnd')");
    const line = source.split('\n').findIndex((l) => l.includes(".by('backnd')")) + 1;
    expect(line).toBeGreaterThan(0);
    fs.writeFileSync(path.join(project, 'dashboards', 'queue-health.ts'), source);
    const before = snapshotTree(out);
    const r = runScript('build-dashboards.ts', ['--dashboards', path.join(project, 'dashboards'), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/queue-health\.ts: failed to load: sum by \(backnd\): .* has no label "backnd"; did you mean "backend"\?/);
    expect(r.stderr).toContain(`(at dashboards/queue-health.ts:${line})`);
    expect(r.stderr).toContain('nothing was written');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(snapshotTree(out)).toEqual(before);
  });

  test('duplicate uids across files are an error before writing', () => {
    const out = tempDir('dup');
    const r = runScript('build-dashboards.ts', ['--out', out, '--dashboards', path.join(ROOT, 'test/fixtures/duplicate-uid')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/b\.ts: duplicate dashboard uid "compile-pipeline-overview" \(also defined in .*a\.ts\)/);
    expect(snapshotTree(out).size).toBe(0);
  });

  test('outputs of removed dashboards are deleted after a successful build; unchanged files are not rewritten', () => {
    const out = tempDir('stale');
    expect(runScript('build-dashboards.ts', ['--out', out]).code).toBe(0);
    const kept = path.join(out, 'catalogue.json');
    const mtime = fs.statSync(kept).mtimeMs;
    fs.writeFileSync(path.join(out, 'dashboards', 'gone.json'), '{}\n');
    fs.writeFileSync(path.join(out, 'dashboards', '.gone.json.tmp-99999999'), 'partial');
    const r = runScript('build-dashboards.ts', ['--out', out]);
    expect(r.stdout).toContain(`0 file(s) written, ${planBuild().files.size} unchanged, 1 removed`);
    expect(fs.existsSync(path.join(out, 'dashboards', 'gone.json'))).toBe(false);
    expect(fs.existsSync(path.join(out, 'dashboards', '.gone.json.tmp-99999999'))).toBe(false);
    expect(fs.statSync(kept).mtimeMs).toBe(mtime);
  });

  test('a folder no build wrote keeps its other JSON files', () => {
    const out = tempDir('foreign');
    fs.mkdirSync(path.join(out, 'dashboards'));
    fs.writeFileSync(path.join(out, 'dashboards', 'someone-else.json'), '{}\n');
    expect(runScript('build-dashboards.ts', ['--out', out]).code).toBe(0);
    expect(fs.existsSync(path.join(out, 'dashboards', 'someone-else.json'))).toBe(true);
  });

  test('unknown options are usage errors (exit 2)', () => {
    const r = runScript('build-dashboards.ts', ['--chek']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown argument: chek/);
  });
});
