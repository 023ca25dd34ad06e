/**
 * HTTP endpoints: /metrics (Prometheus text, or OpenMetrics with exemplars when the Accept
 * header asks for it), /healthz, /readyz. The rendered exposition is cached until a metric
 * changes, so many concurrent scrapers cost one render per change.
 */
import * as http from 'node:http';
import { contentTypeOf, negotiateFormat, renderExposition, type ExpositionFormat, type MetricSet } from '../instrumentation';

export class ListenError extends Error {
  override readonly name = 'ListenError';
}

export interface MetricsServerOptions {
  metrics: MetricSet;
  isReady: () => boolean;
  /** false when metrics are only pushed (TELEMETRY_METRICS_EXPORTER=otlp): /metrics answers 404. */
  servesMetrics?: boolean;
}

export function createMetricsHandler({ metrics, isReady, servesMetrics = true }: MetricsServerOptions): http.RequestListener {
  const cache = new Map<ExpositionFormat, { version: number; body: Promise<Buffer> }>();
  const exposition = (format: ExpositionFormat): Promise<Buffer> => {
    const hit = cache.get(format);
    if (hit && hit.version === metrics.version) return hit.body;
    const body = renderExposition(metrics, format).then((text) => Buffer.from(text, 'utf8'));
    cache.set(format, { version: metrics.version, body });
    body.catch(() => cache.delete(format));
    return body;
  };

  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
      return;
    }
    const text = (status: number, body: string): void => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(req.method === 'HEAD' ? undefined : body);
    };
    switch (path) {
      case '/metrics': {
        if (!servesMetrics) return text(404, 'not found: metrics are pushed over OTLP (TELEMETRY_METRICS_EXPORTER=otlp)\n');
        const format = negotiateFormat(req.headers.accept);
        exposition(format).then(
          (body) => {
            res.writeHead(200, { 'content-type': contentTypeOf(format), 'content-length': body.length }).end(req.method === 'HEAD' ? undefined : body);
          },
          (error: unknown) => text(500, `metrics rendering failed: ${error instanceof Error ? error.message : String(error)}\n`),
        );
        return;
      }
      case '/healthz':
        return text(200, 'ok\n');
      case '/readyz':
        return isReady() ? text(200, 'ready\n') : text(503, 'not ready: some catalogue series have no samples yet\n');
      case '/':
        return text(200, 'compile-pipeline sample exporter\n/metrics  Prometheus or OpenMetrics exposition\n/healthz  liveness\n/readyz   readiness\n');
      default:
        return text(404, 'not found\n');
    }
  };
}

/** Listens on host:port; rejects with a clear ListenError when the port is taken. */
export function listen(server: http.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') reject(new ListenError(`port ${port} on ${host} is already in use; choose another with --port or PROMETHEUS_PORT (0 = any free port)`));
      else if (error.code === 'EACCES') reject(new ListenError(`no permission to listen on ${host}:${port}`));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') reject(new ListenError(`cannot listen on ${host}: address not available on this machine`));
      else reject(new ListenError(`cannot listen on ${host}:${port}: ${error.message}`));
    };
    const onListening = (): void => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
