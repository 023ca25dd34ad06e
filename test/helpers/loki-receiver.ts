/**
 * Test-only stand-in for Grafana Loki's push endpoint, `POST /loki/api/v1/push`, on 127.0.0.1.
 * Accepts the two bodies Loki accepts there: JSON (`{"streams":[{"stream":{…},"values":[[ns,line]]}]}`,
 * optionally gzip-encoded) and protobuf `logproto.PushRequest` compressed with snappy's block
 * format (`Content-Type: application/x-protobuf`). It records every stream and answers 204.
 *
 * What it does NOT do (it is not Loki): no label-name or line-length validation, no
 * out-of-order or rate limits, no tenant header handling, no query API and no LogQL engine;
 * queries are evaluated by `test/e2e/logql-subset.ts`, which supports only the stages our
 * dashboards use.
 */
import * as http from 'node:http';
import * as zlib from 'node:zlib';
import * as protobuf from 'protobufjs';

// snappyjs ships no type declarations.

const snappy = require('snappyjs') as { uncompress(input: Uint8Array): Uint8Array; compress(input: Uint8Array): Uint8Array };

export interface PushedEntry {
  /** Unix time in nanoseconds, as a decimal string (exceeds Number precision). */
  readonly tsNs: string;
  readonly line: string;
  readonly structuredMetadata: Readonly<Record<string, string>>;
}

export interface PushedStream {
  readonly labels: Readonly<Record<string, string>>;
  readonly entries: PushedEntry[];
}

export interface PushRecord {
  readonly contentType: string;
  readonly streams: PushedStream[];
}

// Field numbers from Loki's pkg/push/push.proto (documented wire format of the push API).
const root = new protobuf.Root();
const Timestamp = new protobuf.Type('Timestamp').add(new protobuf.Field('seconds', 1, 'int64')).add(new protobuf.Field('nanos', 2, 'int32'));
const LabelPairAdapter = new protobuf.Type('LabelPairAdapter').add(new protobuf.Field('name', 1, 'string')).add(new protobuf.Field('value', 2, 'string'));
const EntryAdapter = new protobuf.Type('EntryAdapter')
  .add(new protobuf.Field('timestamp', 1, 'Timestamp'))
  .add(new protobuf.Field('line', 2, 'string'))
  .add(new protobuf.Field('structuredMetadata', 3, 'LabelPairAdapter', 'repeated'));
const StreamAdapter = new protobuf.Type('StreamAdapter')
  .add(new protobuf.Field('labels', 1, 'string'))
  .add(new protobuf.Field('entries', 2, 'EntryAdapter', 'repeated'))
  .add(new protobuf.Field('hash', 3, 'uint64'));
const PushRequest = new protobuf.Type('PushRequest').add(new protobuf.Field('streams', 1, 'StreamAdapter', 'repeated'));
root.define('logproto').add(Timestamp).add(LabelPairAdapter).add(EntryAdapter).add(StreamAdapter).add(PushRequest);
root.resolveAll();

export class PushError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Parses a Prometheus-style label set string, `{a="b", c="d\"e"}` (StreamAdapter.labels). */
export function parseLabelSet(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const s = text.trim();
  if (!s.startsWith('{') || !s.endsWith('}')) throw new PushError(400, `invalid stream labels ${JSON.stringify(text)}`);
  const re = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*(,|$)/y;
  const body = s.slice(1, -1);
  let pos = 0;
  while (pos < body.length) {
    re.lastIndex = pos;
    const m = re.exec(body);
    if (!m) throw new PushError(400, `invalid stream labels ${JSON.stringify(text)} at offset ${pos + 1}`);
    out[m[1]!] = JSON.parse(`"${m[2]!}"`) as string;
    pos = re.lastIndex;
    if (m[3] === '' && pos < body.length) throw new PushError(400, `invalid stream labels ${JSON.stringify(text)}`);
  }
  return out;
}

function nsFromTimestamp(ts: { seconds?: number | protobuf.Long; nanos?: number } | null | undefined): string {
  const seconds = BigInt(String(ts?.seconds ?? 0));
  return String(seconds * 1_000_000_000n + BigInt(ts?.nanos ?? 0));
}

export function decodeProtobufPush(body: Uint8Array): PushedStream[] {
  let raw: Uint8Array;
  try {
    raw = snappy.uncompress(body);
  } catch (error) {
    throw new PushError(400, `body is not snappy block-compressed: ${(error as Error).message}`);
  }
  type Entry = { timestamp?: { seconds?: number; nanos?: number }; line?: string; structuredMetadata?: Array<{ name: string; value: string }> };
  let message: { streams?: Array<{ labels?: string; entries?: Entry[] }> };
  try {
    message = PushRequest.toObject(PushRequest.decode(raw), { longs: String, defaults: true }) as typeof message;
  } catch (error) {
    throw new PushError(400, `body is not a logproto.PushRequest: ${(error as Error).message}`);
  }
  return (message.streams ?? []).map((s) => ({
    labels: parseLabelSet(s.labels ?? ''),
    entries: (s.entries ?? []).map((e) => ({
      tsNs: nsFromTimestamp(e.timestamp),
      line: e.line ?? '',
      structuredMetadata: Object.fromEntries((e.structuredMetadata ?? []).map((p) => [p.name, p.value])),
    })),
  }));
}

export function decodeJsonPush(body: Buffer): PushedStream[] {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new PushError(400, `body is not JSON: ${(error as Error).message}`);
  }
  const streams = (json as { streams?: unknown }).streams;
  if (!Array.isArray(streams)) throw new PushError(400, 'JSON push body has no "streams" array');
  return streams.map((s: unknown, i) => {
    const { stream, values } = s as { stream?: unknown; values?: unknown };
    if (!stream || typeof stream !== 'object' || Array.isArray(stream)) throw new PushError(400, `streams[${i}].stream must be an object of labels`);
    for (const [k, v] of Object.entries(stream)) if (typeof v !== 'string') throw new PushError(400, `streams[${i}].stream.${k} must be a string`);
    if (!Array.isArray(values)) throw new PushError(400, `streams[${i}].values must be an array`);
    const entries = values.map((v: unknown, j) => {
      if (!Array.isArray(v) || typeof v[0] !== 'string' || !/^\d+$/.test(v[0]) || typeof v[1] !== 'string') {
        throw new PushError(400, `streams[${i}].values[${j}] must be ["<unix ns as string>", "<line>"(, {metadata})]`);
      }
      const meta = (v[2] ?? {}) as Record<string, string>;
      return { tsNs: v[0], line: v[1], structuredMetadata: meta };
    });
    return { labels: stream as Record<string, string>, entries };
  });
}

/** Encodes a push body the way Promtail/Alloy send it: protobuf PushRequest, snappy block format. */
type PushEntry = { tsNs: bigint; line: string; structuredMetadata?: Record<string, string> };
export function encodeProtobufPush(streams: ReadonlyArray<{ labels: string; entries: ReadonlyArray<PushEntry> }>): Uint8Array {
  const message = PushRequest.fromObject({
    streams: streams.map((s) => ({
      labels: s.labels,
      entries: s.entries.map((e) => ({
        timestamp: { seconds: String(e.tsNs / 1_000_000_000n), nanos: Number(e.tsNs % 1_000_000_000n) },
        line: e.line,
        structuredMetadata: Object.entries(e.structuredMetadata ?? {}).map(([name, value]) => ({ name, value })),
      })),
    })),
  });
  return snappy.compress(PushRequest.encode(message).finish());
}

export interface LokiReceiver {
  readonly url: string;
  readonly pushes: PushRecord[];
  /** Every stream pushed so far, entries of equal label sets merged. */
  streams(): PushedStream[];
  /** Resolves once at least `count` entries arrived (bounded). */
  waitForEntries(count: number, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

function readBody(req: http.IncomingMessage, limit = 10 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) reject(new PushError(413, 'body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startLokiReceiver(options: { port?: number } = {}): Promise<LokiReceiver> {
  const pushes: PushRecord[] = [];
  const server = http.createServer((req, res) => {
    void (async () => {
      try {
        if (req.url?.split('?')[0] === '/ready' && req.method === 'GET') {
          res.writeHead(200).end('ready\n');
          return;
        }
        if (req.url?.split('?')[0] !== '/loki/api/v1/push') throw new PushError(404, `no route ${req.method} ${req.url}`);
        if (req.method !== 'POST') throw new PushError(405, 'push expects POST');
        let body = await readBody(req);
        const encoding = String(req.headers['content-encoding'] ?? '').toLowerCase();
        if (encoding === 'gzip') body = zlib.gunzipSync(body);
        else if (encoding && encoding !== 'identity') throw new PushError(415, `unsupported Content-Encoding ${encoding}`);
        const contentType = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        let streams: PushedStream[];
        // Loki treats a missing content type as protobuf; so do we.
        if (contentType === 'application/json') streams = decodeJsonPush(body);
        else if (contentType === 'application/x-protobuf' || contentType === '') streams = decodeProtobufPush(body);
        else throw new PushError(415, `unsupported Content-Type ${contentType}`);
        pushes.push({ contentType: contentType || 'application/x-protobuf', streams });
        res.writeHead(204).end();
      } catch (error) {
        const status = error instanceof PushError ? error.status : 500;
        res.writeHead(status, { 'content-type': 'text/plain' }).end(`${(error as Error).message}\n`);
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const streams = (): PushedStream[] => {
    const merged = new Map<string, PushedStream>();
    for (const p of pushes)
      for (const s of p.streams) {
        const key = JSON.stringify(Object.entries(s.labels).sort());
        const existing = merged.get(key);
        if (existing) existing.entries.push(...s.entries);
        else merged.set(key, { labels: s.labels, entries: [...s.entries] });
      }
    return [...merged.values()];
  };
  const entryCount = (): number => pushes.reduce((n, p) => n + p.streams.reduce((m, s) => m + s.entries.length, 0), 0);

  return {
    url: `http://127.0.0.1:${port}`,
    pushes,
    streams,
    async waitForEntries(count, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (entryCount() < count) {
        if (Date.now() > deadline) throw new Error(`Loki receiver got ${entryCount()} of ${count} expected entries within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
