/**
 * Preview never adopts a server it did not start: with --port held by another HTTP server that
 * answers /-/ready (and even the flags API), the Prometheus it launches fails to bind, and
 * preview stops with one line and exit 2 instead of reporting the stranger as its Prometheus.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PortInUseError, startPrometheus } from '../../src/preview/prometheus';
import { runScript } from '../helpers/cli';
import * as fs from 'node:fs';

const available = fs.existsSync('/usr/bin/prometheus') || Boolean(process.env.PROMETHEUS_BIN);
const maybe = available ? test : test.skip;
if (!available) console.warn('SKIPPED: prometheus is not installed (apt-get install -y --no-install-recommends prometheus)');

describe('a port held by a foreign server that looks like Prometheus', () => {
  let foreign: http.Server;
  let port = 0;
  beforeAll(async () => {
    foreign = http.createServer((req, res) => {
      if (req.url === '/api/v1/status/flags') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"success","data":{"storage.tsdb.path":"/elsewhere"}}');
      res.writeHead(200).end('Prometheus Server is Ready.\n');
    });
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    port = (foreign.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => foreign.close(() => resolve())));

  maybe('startPrometheus refuses it', async () => {
    const started = Date.now();
    await expect(startPrometheus({ target: '127.0.0.1:1', port, readyTimeoutMs: 15_000 })).rejects.toEqual(new PortInUseError(port));
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);

  maybe('npm run preview: one line, exit 2', () => {
    const r = runScript('preview.ts', ['--once', '--port', String(port)], { timeoutMs: 90_000 });
    const errors = r.stderr.split('\n').filter(Boolean);
    expect({ code: r.code, errors }).toEqual({
      code: 2,
      errors: [`preview: port ${port} on 127.0.0.1 is already in use by another process; choose another --port (0 = any free port)`],
    });
    expect(r.stdout).not.toMatch(/^prometheus: /m);
  }, 120_000);
});
