/**
 * Credentials in URLs never reach a message, whether the URL was accepted or refused: invalid
 * endpoints echoed in usage errors, endpoints that cannot be reached, and the unit itself
 * (userinfo of any scheme, valid URL or not, several in one message).
 */
import { redactCredentials } from '../../src/text/safe-text';
import { runScript } from '../helpers/cli';

describe('redactCredentials', () => {
  test.each([
    ['http://user:secret@host:1/x', 'http://***@host:1/x'],
    ['grpc://user:secret@collector:4317', 'grpc://***@collector:4317'],
    ['invalid "ftp://u:p%40ss@x" and "https://token@y/"', 'invalid "ftp://***@x" and "https://***@y/"'],
    ['no credentials: http://host/a@b', 'no credentials: http://host/a@b'],
    ['mail me at a@b.c', 'mail me at a@b.c'],
  ])('%s', (input, expected) => expect(redactCredentials(input)).toBe(expected));

  test('linear on long hostile input', () => {
    const hostile = `http://${'a'.repeat(200_000)}`;
    const started = Date.now();
    redactCredentials(hostile.repeat(5));
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

const CASES: Array<[string, string, string[], NodeJS.ProcessEnv]> = [
  ['exporter: refused OTLP endpoint', 'exporter.ts', [], { TELEMETRY_EXPORTER_ENDPOINT: 'grpc://user:s3cret@collector:4317' }],
  ['exporter: refused LOKI_URL', 'exporter.ts', [], { LOKI_URL: 'loki://user:s3cret@loki' }],
  ['exporter: refused --loki-url', 'exporter.ts', ['--loki-url', 'ftp://user:s3cret@loki'], {}],
  ['preview: refused --loki-url', 'preview.ts', ['--loki-url', 'ftp://user:s3cret@loki'], {}],
  ['validator: unreachable --prometheus', 'validate-dashboards.ts', ['--prometheus', 'http://user:s3cret@127.0.0.1:1'], {}],
  ['validator: malformed --prometheus', 'validate-dashboards.ts', ['--prometheus', 'http://user:s3cret@[bad'], {}],
];

describe('messages never carry the credential, accepted or refused', () => {
  test.each(CASES)('%s', (_name, script, args, env) => {
    const r = runScript(script, args, { env: { PROMETHEUS_PORT: '', LOKI_URL: '', TELEMETRY_EXPORTER_ENDPOINT: '', ...env }, timeoutMs: 30_000 });
    expect(r.code).toBe(2);
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('***@');
    expect(`${r.stdout}${r.stderr}`).not.toContain('s3cret');
  });
});
