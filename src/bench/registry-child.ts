/**
 * Bench child, the floor of the exporter's /metrics: a bare prom-client registry holding the
 * same series (names, types, help, label sets, buckets) as a captured exposition, served by a
 * plain http server. Arg: <exposition text file>. Prints `{"url": …}` when listening.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import { Counter, Gauge, Histogram, Registry, Summary } from 'prom-client';
import { registryFamilies } from './exposition';

const registry = new Registry();
for (const family of registryFamilies(fs.readFileSync(process.argv[2] as string, 'utf8'))) {
  const common = { name: family.name, help: family.help || family.name, labelNames: family.labelNames, registers: [registry] };
  switch (family.type) {
    case 'counter': {
      const c = new Counter(common);
      for (const s of family.series) c.inc(s.labels, s.value);
      break;
    }
    case 'histogram': {
      const h = new Histogram({ ...common, buckets: family.buckets });
      for (const s of family.series) h.observe(s.labels, s.value);
      break;
    }
    case 'summary': {
      const q = new Summary({ ...common, percentiles: family.quantiles });
      for (const s of family.series) q.observe(s.labels, s.value);
      break;
    }
    default: {
      const g = new Gauge(common);
      for (const s of family.series) g.set(s.labels, s.value);
    }
  }
}

const server = http.createServer((req, res) => {
  registry.metrics().then(
    (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
    () => res.writeHead(500).end(),
  );
});
server.keepAliveTimeout = 5000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}` })}\n`);
});
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
