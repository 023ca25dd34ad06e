/**
 * Malformed environment and flags for the exporter: every one is refused with exit 2 and one
 * line naming the variable or flag, before anything listens. Also: credentials embedded in an
 * endpoint URL never reach the exporter's own output.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { runCommand } from '../../src/cli/command';
import { parseCli } from '../../src/exporter/cli';
import { ROOT, runScript } from '../helpers/cli';

/** What the command line does with these arguments, up to the point where it would start listening. */
async function parse(argv: string[], env: NodeJS.ProcessEnv): Promise<{ result: unknown; stderr: string }> {
  let stderr = '';
  const io = { stdout: () => undefined, stderr: (t: string) => (stderr += t) };
  let config: unknown;
  const code = await runCommand('pipeline-exporter', io, () => {
    const parsed = parseCli(argv, env, io);
    if (typeof parsed === 'number') return parsed;
    config = parsed;
    return 0;
  });
  return { result: config ?? code, stderr };
}

const MALFORMED: [string, string[], NodeJS.ProcessEnv, string][] = [
  ['PROMETHEUS_PORT not a number', [], { PROMETHEUS_PORT: 'abc' }, 'PROMETHEUS_PORT'],
  ['PROMETHEUS_PORT out of range', [], { PROMETHEUS_PORT: '70000' }, 'PROMETHEUS_PORT'],
  ['PROMETHEUS_PORT negative', [], { PROMETHEUS_PORT: '-1' }, 'PROMETHEUS_PORT'],
  ['PROMETHEUS_PORT with a newline', [], { PROMETHEUS_PORT: '9464\nX: y' }, 'PROMETHEUS_PORT'],
  ['PROMETHEUS_PORT fractional', [], { PROMETHEUS_PORT: '94.64' }, 'PROMETHEUS_PORT'],
  ['TELEMETRY_ENVIRONMENT unknown', [], { TELEMETRY_ENVIRONMENT: 'production' }, 'TELEMETRY_ENVIRONMENT'],
  ['TELEMETRY_ENVIRONMENT wrong case', [], { TELEMETRY_ENVIRONMENT: 'ONLINE' }, 'TELEMETRY_ENVIRONMENT'],
  ['TELEMETRY_EXPORTER_ENDPOINT not a URL', [], { TELEMETRY_EXPORTER_ENDPOINT: 'collector:4318' }, 'TELEMETRY_EXPORTER_ENDPOINT'],
  ['TELEMETRY_EXPORTER_ENDPOINT file: scheme', [], { TELEMETRY_EXPORTER_ENDPOINT: 'file:///etc/passwd' }, 'TELEMETRY_EXPORTER_ENDPOINT'],
  ['TELEMETRY_EXPORTER_ENDPOINT javascript: scheme', [], { TELEMETRY_EXPORTER_ENDPOINT: 'javascript:alert(1)' }, 'TELEMETRY_EXPORTER_ENDPOINT'],
  ['LOKI_URL not a URL', [], { LOKI_URL: 'loki' }, 'LOKI_URL'],
  ['--port not a number', ['--port', 'x'], {}, '--port'],
  ['--speed zero', ['--speed', '0'], {}, '--speed'],
  ['--speed NaN', ['--speed', 'NaN'], {}, '--speed'],
  ['--speed Infinity', ['--speed', 'Infinity'], {}, '--speed'],
  ['--speed too high', ['--speed', '1e9'], {}, '--speed'],
  ['--seed negative', ['--seed', '-1'], {}, '--seed'],
  ['--seed too large', ['--seed', '99999999999'], {}, '--seed'],
  ['--host with a path', ['--host', '127.0.0.1/evil'], {}, '--host'],
  ['--loki-url ftp', ['--loki-url', 'ftp://x'], {}, '--loki-url'],
  ['unknown flag', ['--prot', '1'], {}, 'prot'],
];

describe('malformed environment and flags: exit 2 with one line naming the culprit', () => {
  test.each(MALFORMED)('%s', async (_name, argv, env, culprit) => {
    const { result, stderr } = await parse(argv, env);
    expect(result).toBe(2);
    const lines = stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^pipeline-exporter: /);
    expect(lines[0]).toContain(culprit);
  });

  test('through the real entry point (child process)', () => {
    const r = runScript('exporter.ts', [], { env: { PROMETHEUS_PORT: 'not-a-port' }, timeoutMs: 30_000 });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/PROMETHEUS_PORT.*not-a-port/);
    expect(r.stdout).toBe('');
  });
});

describe('secrets in endpoint URLs', () => {
  test('userinfo in TELEMETRY_EXPORTER_ENDPOINT and LOKI_URL is not printed', async () => {
    const child = spawn(process.execPath, ['-r', 'sucrase/register/ts', path.join(ROOT, 'scripts', 'exporter.ts'), '--port', '0'], {
      cwd: ROOT,
      env: {
        ...process.env,
        TELEMETRY_EXPORTER_ENDPOINT: 'http://otlp-user:otlp-s3cret@127.0.0.1:9/',
        LOKI_URL: 'http://loki-user:loki-s3cret@127.0.0.1:9/',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 20_000;
    while (!stdout.includes('exporter listening') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
    // Let a few failed pushes produce their warnings too.
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGTERM');
    await exited;
    expect(stdout).toContain('exporter listening');
    const stderrHead = stderr.split('\n').slice(0, 3).join('\n');
    expect({ stderrHead, leaks: /s3cret/.test(stderr) }).toEqual({ stderrHead, leaks: false });
  }, 40_000);
});
