import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as http from 'node:http';
import * as path from 'node:path';
import { logEvents, metrics as metricCatalogue } from '../../src/catalogue';
import { runScript, ROOT } from '../helpers/cli';
import { startReceiver, waitFor, type Receiver } from '../instrumentation/receivers';
import { parseExposition } from '../../src/instrumentation/exposition-parse';

interface Running {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startChild(args: string[], env: NodeJS.ProcessEnv = {}, entry = ['-r', 'sucrase/register/ts', path.join(ROOT, 'scripts', 'exporter.ts')]): Running {
  const child = spawn(process.execPath, [...entry, ...args], { cwd: ROOT, env: { ...process.env, PROMETHEUS_PORT: '', LOKI_URL: '', TELEMETRY_EXPORTER_ENDPOINT: '', TELEMETRY_ENVIRONMENT: '', ...env } });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function readyUrl(run: Running): Promise<string> {
  const line = await waitFor(() => run.stdout().split('\n')[0]?.match(/^exporter listening on (http:\/\/127\.0\.0\.1:\d+\/metrics)$/)?.[1], 20_000);
  return line;
}

async function stop(run: Running): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  run.child.kill('SIGTERM');
  const { code } = await run.exited;
  return { code, ms: Date.now() - started };
}

describe('exporter CLI (child process)', () => {
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  it('prints one ready line, serves every catalogue metric, logs JSON lines with trace context, exits 0 on SIGTERM', async () => {
    const run = startChild(['--port', '0', '--seed', '11', '--speed', '4']);
    try {
      const url = await readyUrl(run);
      const body = await (await fetch(url, { signal: AbortSignal.timeout(5000) })).text();
      const parsed = parseExposition(body);
      for (const name of Object.keys(metricCatalogue)) expect(parsed.get(name)?.type).toBe(metricCatalogue[name as keyof typeof metricCatalogue].type);
      await waitFor(() => run.stdout().split('\n').length > 5);
      const lines = run.stdout().trim().split('\n');
      expect(lines[0]).toMatch(/^exporter listening on /);
      for (const line of lines.slice(1, -1)) {
        const json = JSON.parse(line) as Record<string, string>;
        expect(Object.keys(logEvents)).toContain(json.event);
        expect(json.trace_id).toMatch(/^[0-9a-f]{32}$/);
        expect(json.span_id).toMatch(/^[0-9a-f]{16}$/);
      }
    } finally {
      const { code, ms } = await stop(run);
      expect(code).toBe(0);
      expect(ms).toBeLessThan(5000); // the exporter bounds itself at 2 s; slack for a loaded machine
    }
  });

  it('the bin shim starts the same CLI', async () => {
    const run = startChild(['--port', '0'], {}, [path.join(ROOT, 'bin', 'pipeline-exporter.js')]);
    await readyUrl(run);
    expect((await stop(run)).code).toBe(0);
  });

  it('pushes logs to LOKI_URL and spans to TELEMETRY_EXPORTER_ENDPOINT', async () => {
    receiver = await startReceiver(() => 204);
    const run = startChild(['--port', '0', '--speed', '4'], { LOKI_URL: receiver.url, TELEMETRY_EXPORTER_ENDPOINT: receiver.url, TELEMETRY_ENVIRONMENT: 'offline' });
    try {
      await readyUrl(run);
      await waitFor(() => receiver!.requests.some((r) => r.url === '/loki/api/v1/push') && receiver!.requests.some((r) => r.url === '/v1/traces'), 15_000);
    } finally {
      expect((await stop(run)).code).toBe(0);
    }
    const push = JSON.parse(receiver.requests.find((r) => r.url === '/loki/api/v1/push')!.body) as { streams: { stream: Record<string, string> }[] };
    expect(push.streams[0]?.stream).toEqual({ service_name: 'compile-pipeline', environment: 'offline', host_region: 'airgap-lab' });
    const traces = receiver.requests.filter((r) => r.url === '/v1/traces').map((r) => r.body).join('\n');
    for (const span of ['spec.parse', 'codegen.lower', 'compile.execute']) expect(traces).toContain(`"name":"${span}"`);
    expect(traces).toContain('"key":"host.kind","value":{"stringValue":"offline"}');
  });

  it('exits 0 quickly on SIGTERM even when Loki and the OTLP endpoint are unreachable', async () => {
    const dead = await startReceiver();
    await dead.close();
    const run = startChild(['--port', '0', '--speed', '20'], { LOKI_URL: dead.url, TELEMETRY_EXPORTER_ENDPOINT: dead.url });
    await readyUrl(run);
    await new Promise((r) => setTimeout(r, 1500));
    const { code, ms } = await stop(run);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(5000);
  });

  it('port in use: clear error, exit 2', async () => {
    const blocker = http.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = runScript('exporter.ts', ['--port', String(port)], { env: { PROMETHEUS_PORT: '' }, timeoutMs: 20_000 });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(result.stdout).toBe('');
    } finally {
      blocker.close();
    }
  });

  it.each([
    ['TELEMETRY_ENVIRONMENT', { TELEMETRY_ENVIRONMENT: 'staging' }, [], 'invalid TELEMETRY_ENVIRONMENT "staging": expected one of online, offline'],
    ['PROMETHEUS_PORT', { PROMETHEUS_PORT: '99999' }, [], 'invalid PROMETHEUS_PORT "99999": expected an integer from 0 to 65535'],
    ['TELEMETRY_EXPORTER_ENDPOINT', { TELEMETRY_EXPORTER_ENDPOINT: 'grpc://collector:4317' }, [], 'invalid TELEMETRY_EXPORTER_ENDPOINT "grpc://collector:4317": expected an http:// or https:// URL'],
    ['LOKI_URL', { LOKI_URL: 'not a url' }, [], 'invalid LOKI_URL "not a url"'],
    ['--speed', {}, ['--speed', '0'], 'invalid --speed "0"'],
    ['--port', {}, ['--port', 'abc'], 'invalid --port "abc"'],
    ['--seed', {}, ['--seed', '-1'], 'invalid --seed "-1"'],
    ['unknown flag', {}, ['--verbose'], 'Unknown argument: verbose'],
  ])('invalid %s: one-line error naming it, exit 2', (_name, env, args, message) => {
    const result = runScript('exporter.ts', args, { env: { PROMETHEUS_PORT: '', LOKI_URL: '', TELEMETRY_EXPORTER_ENDPOINT: '', TELEMETRY_ENVIRONMENT: '', ...env }, timeoutMs: 20_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
  });

  it('--help documents the environment variables and exits 0', () => {
    const result = runScript('exporter.ts', ['--help'], { timeoutMs: 20_000 });
    expect(result.code).toBe(0);
    for (const name of ['PROMETHEUS_PORT', 'TELEMETRY_ENVIRONMENT', 'TELEMETRY_EXPORTER_ENDPOINT', 'LOKI_URL', '--loki-url', '--speed', '--seed', '9464']) expect(result.stdout).toContain(name);
  });
});
