/**
 * A loopback stand-in for Loki's push API whose behaviour a test switches at run time: accept,
 * answer 500 or 429, answer too slowly, or be down (port closed, connections refused). Records
 * every distinct line it accepted, keyed by stream + timestamp + text, so duplicates from retries
 * do not inflate the count.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type LokiMode = 'ok' | '500' | '429' | 'slow' | 'down';

interface PushBody {
  streams: { stream: Record<string, string>; values: [string, string][] }[];
}

export class FakeLoki {
  mode: LokiMode = 'ok';
  readonly accepted = new Set<string>();
  requests: Record<LokiMode, number> = { ok: 0, '500': 0, '429': 0, slow: 0, down: 0 };
  private server: http.Server;
  private port = 0;
  private readonly parked = new Set<http.ServerResponse>();

  constructor() {
    this.server = this.create();
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private create(): http.Server {
    return http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const mode = this.mode;
        this.requests[mode] += 1;
        if (mode === '500') return void res.writeHead(500).end('ingester unavailable');
        if (mode === '429') return void res.writeHead(429, { 'retry-after': '1' }).end('rate limited');
        if (mode === 'slow') {
          // Never answered while slow; released (with an error) when the mode changes.
          this.parked.add(res);
          res.on('close', () => this.parked.delete(res));
          return;
        }
        if (req.url !== '/loki/api/v1/push') return void res.writeHead(404).end();
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as PushBody;
        for (const s of body.streams) for (const [ts, line] of s.values) this.accepted.add(`${JSON.stringify(s.stream)} ${ts} ${line}`);
        res.writeHead(204).end();
      });
    });
  }

  async start(port = 0): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Switches behaviour; `down` closes the port, leaving `down` reopens it on the same port. */
  async setMode(mode: LokiMode): Promise<void> {
    const wasDown = this.mode === 'down';
    this.mode = mode;
    for (const res of this.parked) res.destroy();
    this.parked.clear();
    if (mode === 'down' && !wasDown) await this.stop();
    if (mode !== 'down' && wasDown) {
      this.server = this.create();
      await this.start(this.port);
    }
  }

  async stop(): Promise<void> {
    for (const res of this.parked) res.destroy();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
