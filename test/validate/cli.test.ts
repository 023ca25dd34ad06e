/** The CLI as a real child process: exit codes, formats, inputs, config, live Prometheus. */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { runScript, tempDir } from '../helpers/cli';
import { ROOT } from './cases';

const BROKEN = path.join(ROOT, 'test', 'fixtures', 'validate', 'broken');
const GOOD = path.join(ROOT, 'generated', 'dashboards', 'compile-pipeline-overview.json');
const RAW_COUNTER = path.join(BROKEN, 'catalogue--raw-counter--raw-counter.json');
const UNUSED = path.join(BROKEN, 'dashboard--unused-variable--unused-variable.json');
const run = (args: string[]) => runScript('validate-dashboards.ts', args);

test('no arguments: validates generated/dashboards, exit 0', () => {
  const r = run([]);
  expect(r.code).toBe(0);
  const generated = fs.readdirSync(path.join(ROOT, 'generated', 'dashboards')).filter((f) => f.endsWith('.json')).length;
  expect(r.stdout).toContain(`${generated} file(s) checked: 0 error(s), 0 warning(s)`);
});

test('error findings: exit 1, text grouped by file with line:column, no colour off a TTY', () => {
  const r = run([RAW_COUNTER]);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain(path.relative(ROOT, RAW_COUNTER) === RAW_COUNTER ? RAW_COUNTER : RAW_COUNTER);
  expect(r.stdout).toMatch(/\d+:\d+\s+error\s+counter "compile_success_total" is graphed raw/);
  expect(r.stdout).not.toContain('\x1b[');
});

test('warnings pass unless over --max-warnings; --quiet hides them', () => {
  expect(run([UNUSED]).code).toBe(0);
  expect(run([UNUSED, '--max-warnings', '1']).code).toBe(0);
  const over = run([UNUSED, '--max-warnings', '0']);
  expect(over.code).toBe(1);
  expect(over.stderr).toContain('more than --max-warnings 0');
  const quiet = run([UNUSED, '--quiet']);
  expect(quiet.stdout).not.toContain('never used');
});

test('a missing file among several: message on stderr, the others still checked, exit 2', () => {
  const r = run(['--format', 'json', GOOD, 'no/such/file.json', RAW_COUNTER]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('no/such/file.json: no such file or directory');
  const out = JSON.parse(r.stdout);
  expect(out.filesChecked).toBe(2);
  expect(out.findings.some((f: { rule: string }) => f.rule === 'catalogue/raw-counter')).toBe(true);
});

test('usage errors exit 2: unknown option, bad format, unmatched glob, bad --max-warnings, missing catalogue', () => {
  expect(run(['--no-such-option']).code).toBe(2);
  expect(run(['--format', 'xml']).code).toBe(2);
  const glob = run(['nothing-here/**/*.json']);
  expect(glob.code).toBe(2);
  expect(glob.stderr).toContain('glob matched no files');
  expect(run(['--max-warnings', '-1', GOOD]).code).toBe(2);
  const cat = run(['--catalogue', 'missing-catalogue.json', GOOD]);
  expect(cat.code).toBe(2);
  expect(cat.stderr).toContain('cannot read catalogue');
});

test('directories recurse and globs expand', () => {
  const dir = tempDir('validate-dirs');
  fs.mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
  fs.copyFileSync(GOOD, path.join(dir, 'a', 'b', 'one.json'));
  fs.copyFileSync(RAW_COUNTER, path.join(dir, 'a', 'two.json'));
  fs.writeFileSync(path.join(dir, 'a', 'notes.txt'), 'not a dashboard');
  // (runScript's -r sucrase resolves from the cwd, so the paths are absolute rather than a temp cwd.)
  const viaDir = JSON.parse(run(['--format', 'json', path.join(dir, 'a')]).stdout);
  expect(viaDir.filesChecked).toBe(2);
  const viaGlob = run(['--format', 'json', `${dir}/a/**/one.json`]);
  expect(viaGlob.code).toBe(0);
  expect(JSON.parse(viaGlob.stdout).filesChecked).toBe(1);
});

test('--format github prints workflow annotations', () => {
  const r = run(['--format', 'github', RAW_COUNTER]);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/^::error file=.*catalogue--raw-counter--raw-counter\.json,line=\d+,col=\d+,title=catalogue\/raw-counter::counter "compile_success_total"/m);
});

test('--format sarif is a SARIF 2.1.0 log', () => {
  const log = JSON.parse(run(['--format', 'sarif', RAW_COUNTER]).stdout);
  expect(log.version).toBe('2.1.0');
  const res = log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'catalogue/raw-counter');
  expect(res.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
  expect(res.locations[0].logicalLocations[0].fullyQualifiedName).toBe('/panels/8/targets/0/expr');
});

test('--no-catalogue and --datasources', () => {
  expect(run(['--no-catalogue', RAW_COUNTER]).code).toBe(0);
  const unprov = path.join(BROKEN, 'dashboard--datasource--unprovisioned-uid.json');
  expect(run([unprov]).code).toBe(1); // project mode: generated/provisioning by default
  expect(run(['--no-datasources', unprov]).code).toBe(0);
  expect(run(['--no-catalogue', '--datasources', path.join(ROOT, 'generated', 'provisioning'), unprov]).code).toBe(1);
  expect(run(['--datasources', 'no-such-dir', GOOD]).code).toBe(2);
});

describe('--config', () => {
  const dir = tempDir('validate-config');
  const write = (name: string, text: string): string => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
  };

  test('disable a rule, change a severity (YAML)', () => {
    const off = write('off.yaml', 'rules:\n  catalogue/raw-counter: off\n');
    expect(run(['--config', off, RAW_COUNTER]).code).toBe(0);
    const warn = write('warn.yaml', 'rules:\n  catalogue/raw-counter: warning\n');
    const r = run(['--config', warn, RAW_COUNTER]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/warning\s+counter "compile_success_total"/);
  });

  test('exclude a dashboard by uid, a file by glob, a panel by title or id (JSON)', () => {
    const byUid = write('uid.json', JSON.stringify({ exclude: [{ dashboard: 'compile-pipeline-overview', reason: 'under rework' }] }));
    expect(run(['--config', byUid, RAW_COUNTER]).code).toBe(0);
    const byFile = write('file.json', JSON.stringify({ exclude: [{ file: path.relative(dir, BROKEN) + '/catalogue--raw-*.json', reason: 'fixture' }] }));
    expect(run(['--config', byFile, RAW_COUNTER]).code).toBe(0);
    const byTitle = write('title.json', JSON.stringify({ exclude: [{ panel: 'Compile rate by backend and outcome', rules: ['catalogue/raw-counter'], reason: 'demo' }] }));
    expect(run(['--config', byTitle, RAW_COUNTER]).code).toBe(0);
    const byId = write('id.json', JSON.stringify({ exclude: [{ panel: 9, reason: 'demo' }] }));
    expect(run(['--config', byId, RAW_COUNTER]).code).toBe(0);
    const otherPanel = write('other.json', JSON.stringify({ exclude: [{ panel: 3, reason: 'demo' }] }));
    expect(run(['--config', otherPanel, RAW_COUNTER]).code).toBe(1);
  });

  test.each([
    ['missing reason', 'exclude:\n  - dashboard: x\n', 'bad1.yaml', ':2:5: exclusion without a "reason"'],
    ['unknown rule', 'rules:\n  no/such-rule: off\n', 'bad2.yaml', ':2:3: unknown rule "no/such-rule"'],
    ['bad severity', 'rules:\n  panel/units: loud\n', 'bad3.yaml', ':2:16: rule "panel/units": expected off, error, warning or info'],
    ['YAML syntax', 'rules: [\n', 'bad4.yaml', 'bad4.yaml:'],
    ['unknown key', '{"rulez": {}}', 'bad5.json', ':1:2: unknown key "rulez"'],
  ])('bad config (%s): exit 2 with a located message', (_n, text, name, message) => {
    const r = run(['--config', write(name, text), GOOD]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});

describe('--prometheus against a real Prometheus', () => {
  const binary = '/usr/bin/prometheus';
  const available = fs.existsSync(binary);
  let proc: ChildProcess | undefined;
  let url = '';

  beforeAll(async () => {
    if (!available) {
      console.warn(`SKIPPED: ${binary} is not installed (apt-get install -y --no-install-recommends prometheus)`);
      return;
    }
    const port = await freePort();
    const dir = tempDir('validate-prom');
    fs.writeFileSync(path.join(dir, 'prometheus.yml'), `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: self\n    static_configs:\n      - targets: ['127.0.0.1:${port}']\n`);
    proc = spawn(binary, [`--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
    url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      try {
        const res = await fetch(`${url}/api/v1/metadata?metric=prometheus_http_requests_total`, { signal: AbortSignal.timeout(1000) });
        const body = (await res.json()) as { data?: Record<string, unknown> };
        if (body.data && Object.keys(body.data).length > 0) return;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('Prometheus did not report metadata within 30 s');
  }, 40_000);

  afterAll(() => {
    proc?.kill('SIGTERM');
  });

  test('unknown metric and label are errors; known ones pass', () => {
    if (!available) return;
    const dir = tempDir('validate-live');
    const dash = {
      uid: 'live',
      title: 'Live',
      panels: [
        { id: 1, type: 'timeseries', title: 'ok', gridPos: { x: 0, y: 0, w: 12, h: 8 }, datasource: { type: 'prometheus', uid: 'p' }, targets: [{ refId: 'A', expr: 'sum by (code) (rate(prometheus_http_requests_total{handler="/metrics"}[$__rate_interval]))' }] },
        { id: 2, type: 'timeseries', title: 'bad', gridPos: { x: 12, y: 0, w: 12, h: 8 }, datasource: { type: 'prometheus', uid: 'p' }, targets: [{ refId: 'A', expr: 'sum(rate(pipeline_not_exported_total{nolabel="x"}[$__rate_interval]))' }] },
      ],
    };
    fs.writeFileSync(path.join(dir, 'live.json'), JSON.stringify(dash, null, 2));
    const r = run(['--no-catalogue', '--prometheus', url, '--format', 'json', path.join(dir, 'live.json')]);
    expect(r.code).toBe(1);
    const live = JSON.parse(r.stdout).findings.filter((f: { rule: string }) => f.rule === 'prometheus/live');
    expect(live.map((f: { pointer: string; message: string }) => [f.pointer, f.message.split(' is ')[0]])).toEqual([
      ['/panels/1/targets/0/expr', 'metric "pipeline_not_exported_total"'],
      ['/panels/1/targets/0/expr', 'label "nolabel"'],
    ]);
  });

  test('an unreachable Prometheus is exit 2', async () => {
    const port = await freePort();
    const r = run(['--no-catalogue', '--prometheus', `http://127.0.0.1:${port}`, GOOD]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot query Prometheus');
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}
