/**
 * `npm run preview` as users run it (a real child process): --once prints a per-panel summary
 * with data and exits 0, --loki-url reaches the exporter's log push, and without a Prometheus
 * binary the exporter still runs until Ctrl-C.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { dashboardTargets } from '../../src/grafana/interpolate';
import { PROMETHEUS_INSTALL_COMMAND } from '../../src/preview/prometheus';
import { startLokiReceiver } from '../helpers/loki-receiver';
import { generatedDashboards, poll, prometheusBinaryOrSkip, ROOT } from './environment';

interface Child {
  stdout: string;
  stderr: string;
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

function runPreview(args: string[], env: NodeJS.ProcessEnv = {}): Child {
  const child = spawn(process.execPath, ['-r', 'sucrase/register/ts', path.join(ROOT, 'scripts', 'preview.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, FORCE_COLOR: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Child = {
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    kill: (signal) => child.kill(signal),
  };
  child.stdout.on('data', (c: Buffer) => (out.stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out.stderr += c.toString()));
  // Never outlive the test run.
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  void out.exited.then(() => clearTimeout(timer));
  return out;
}

const binary = prometheusBinaryOrSkip('preview e2e');

(binary ? test : test.skip)('--once prints every panel with data, passes --loki-url to the exporter, and exits 0', async () => {
  const receiver = await startLokiReceiver();
  try {
    const child = runPreview(['--once', '--scrape-interval', '1s', '--loki-url', receiver.url]);
    const code = await child.exited;
    expect({ code, stderr: child.stderr }).toEqual({ code: 0, stderr: '' });
    for (const d of generatedDashboards()) {
      for (const t of dashboardTargets(d.json).filter((x) => x.datasource === 'prometheus')) {
        expect(child.stdout).toContain(`${t.panelTitle} [${t.panelType}] ${t.refId}`);
      }
    }
    expect(child.stdout).not.toContain('NO DATA');
    expect(child.stdout).toMatch(/prometheus: http:\/\/127\.0\.0\.1:\d+/);
    expect(child.stdout).toMatch(/exporter: +http:\/\/127\.0\.0\.1:\d+\/metrics/);
    expect(child.stdout).toContain('stopped the exporter and Prometheus');
    expect(receiver.pushes.length).toBeGreaterThan(0);
  } finally {
    await receiver.close();
  }
}, 120_000);

test('without a Prometheus binary: the install command is printed, the exporter runs until Ctrl-C', async () => {
  const child = runPreview([], { PROMETHEUS_BIN: path.join(ROOT, 'no-such-dir', 'prometheus') });
  try {
    await poll('the preview to report the missing binary', 60_000, 200, async () => (child.stdout.includes('press Ctrl-C') ? true : undefined));
    expect(child.stderr).toContain(PROMETHEUS_INSTALL_COMMAND);
    const url = /exporter: +(http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(child.stdout)?.[1];
    expect(url).toBeDefined();
    const res = await fetch(url!, { signal: AbortSignal.timeout(5000) });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('pipeline_latency_seconds_bucket');
    child.kill('SIGINT');
    expect(await child.exited).toBe(0);
    expect(child.stdout).toContain('stopped the exporter');
    // Stopped means the port is closed.
    await expect(fetch(url!, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
  } finally {
    child.kill('SIGKILL');
  }
}, 90_000);

test('usage errors exit 2', async () => {
  const child = runPreview(['--port', 'abc']);
  expect(await child.exited).toBe(2);
  expect(child.stderr).toMatch(/--port/);
}, 30_000);
