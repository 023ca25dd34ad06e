/**
 * Load helpers for `npm run bench` (and ad-hoc measurement): concurrent /metrics scrapers on
 * loopback, and RSS sampling of a long high-speed simulation. Not used by the exporter itself.
 */
import * as http from 'node:http';
import { quantile } from '../bench/stats';

export interface ScrapeLoadResult {
  requests: number;
  errors: number;
  bytes: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** `concurrency` scrapers, each issuing GETs back to back (keep-alive) for `durationMs`. */
export async function scrapeLoad(metricsUrl: string, options: { concurrency?: number; durationMs?: number; accept?: string } = {}): Promise<ScrapeLoadResult> {
  const concurrency = options.concurrency ?? 50;
  const deadline = Date.now() + (options.durationMs ?? 10_000);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let errors = 0;
  let bytes = 0;
  const once = (): Promise<void> =>
    new Promise((resolve) => {
      const started = process.hrtime.bigint();
      const req = http.get(metricsUrl, { agent, headers: options.accept ? { accept: options.accept } : {}, timeout: 10_000 }, (res) => {
        let size = 0;
        res.on('data', (c: Buffer) => (size += c.length));
        res.on('end', () => {
          latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
          if (res.statusCode !== 200) errors++;
          bytes = size;
          resolve();
        });
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        errors++;
        resolve();
      });
    });
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) await once();
    }),
  );
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const maxMs = latencies[latencies.length - 1] ?? NaN;
  return { requests: latencies.length, errors, bytes, p50Ms: quantile(latencies, 0.5), p99Ms: quantile(latencies, 0.99), maxMs };
}
