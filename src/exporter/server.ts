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

/**
 * Limits that keep memory bounded against clients that do not play by the rules: a connection
 * that pipelines requests without reading the answers, or stops reading altogether, is closed
 * instead of having every response (≈ 170 KB of exposition each) queued for it.
 */
export const CONNECTION_LIMITS = {
  /** Open connections at once; more are refused at accept (Prometheus needs one per scrape target). */
  maxConnections: 256,
  /** Requests answered per connection before it is closed (keep-alive scrapers reconnect). */
  maxRequestsPerSocket: 1000,
  /** Requests parsed on one connection whose responses are not finished yet (pipelining). */
  maxPendingPerSocket: 8,
  /** Response bytes queued on a connection the client has not read. */
  maxUnreadBytes: 1 << 20,
  /** A connection with nothing sent or received for this long is closed (a stalled reader). */
  idleTimeoutMs: 30_000,
} as const;

const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * Applies CONNECTION_LIMITS to a server. Node's parser reads a connection in 64 KB chunks and
 * turns every request in a chunk into objects at once (≈ 1,500 pipelined GETs per chunk, whose
 * answers are then queued), so limiting in the request handler comes too late. Instead each
 * chunk passes a guard before the parser: it counts request header ends and hands the parser
 * a chunk only if the connection's unanswered requests stay within the limit; past that, or with
 * too many unread response bytes, the connection is closed. (Adding our own `data` listener makes Node
 * parse in JavaScript instead of consuming the socket natively, which is its documented
 * behaviour for sockets with data listeners.)
 */
export function limitConnections(server: http.Server, limits: typeof CONNECTION_LIMITS = CONNECTION_LIMITS): void {
  server.maxConnections = limits.maxConnections;
  server.maxRequestsPerSocket = limits.maxRequestsPerSocket;
  server.timeout = limits.idleTimeoutMs;
  const answered = new WeakMap<object, number>();
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    res.once('close', () => answered.set(req.socket, (answered.get(req.socket) ?? 0) + 1));
  });
  // Registered after Node's own connection listener, which has attached the parser's data handler.
  server.on('connection', (socket: import('node:net').Socket) => {
    const [parse, ...others] = socket.listeners('data') as Array<(chunk: Buffer) => void>;
    if (!parse || others.length > 0) return;
    socket.removeListener('data', parse);
    let started = 0;
    let tail = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      if (socket.destroyed) return;
      if (socket.writableLength > limits.maxUnreadBytes) return void socket.destroy();
      const allowed = limits.maxPendingPerSocket - (started - (answered.get(socket) ?? 0));
      // Find request ends in this chunk (a terminator may straddle the previous chunk).
      const scan = tail.length ? Buffer.concat([tail, chunk]) : chunk;
      let from = 0;
      let over = false;
      let seen = 0;
      for (let at = scan.indexOf(HEADER_END, from); at !== -1; at = scan.indexOf(HEADER_END, from)) {
        from = at + HEADER_END.length;
        seen++;
        if (seen > allowed) {
          over = true;
          break;
        }
      }
      tail = Buffer.from(scan.subarray(Math.max(from, scan.length - (HEADER_END.length - 1))));
      if (!over) {
        started += seen;
        parse(chunk);
        return;
      }
      // More requests than it may have unanswered (it is not reading the answers): close it.
      socket.destroy();
    });
  });
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
