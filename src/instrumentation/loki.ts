/**
 * Pushes log lines to Loki's JSON push API in batches. Bounded: lines wait in a buffer of at
 * most `maxBufferLines` (oldest dropped first when full); one request is in flight at a time;
 * 429, 5xx and connection errors are retried with exponential backoff and jitter; a batch that
 * keeps failing is dropped after `maxRetries`. Every dropped line is reported via `onDrop`.
 */
import { LOG_SERVICE_NAME, logStreamLabels } from '../catalogue';
import type { LogSink } from './logs';
import type { LogLine } from './types';
import { BodyTooLargeError, readBodyCapped } from '../http/read-body';

/** Loki answers a push with an empty body or a short error text. */
const MAX_RESPONSE_BYTES = 64 * 1024;

export interface LokiOptions {
  /** Loki base URL; lines go to `{url}/loki/api/v1/push`. */
  url: string;
  maxBufferLines?: number;
  batchLines?: number;
  /** A batch is sent when it is full or this long after its first line arrived. */
  flushIntervalMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  maxRetries?: number;
  requestTimeoutMs?: number;
  onDrop?: (lines: number) => void;
  /** Called once per failed attempt (status or error text), e.g. to log to stderr. */
  onError?: (message: string) => void;
}

interface Entry {
  readonly stream: Record<string, string>;
  readonly key: string;
  readonly tsNs: string;
  readonly line: string;
}

export interface LokiStats {
  pushes: number;
  linesSent: number;
  linesDropped: number;
  failedAttempts: number;
}

const streamLabelNames = Object.keys(logStreamLabels);

/** Stream labels of a line, exactly the catalogue's `logStreamLabels`. */
export function streamOf(line: LogLine): Record<string, string> {
  const stream: Record<string, string> = {};
  for (const name of streamLabelNames) stream[name] = name === 'service_name' ? LOG_SERVICE_NAME : String(line[name] ?? '');
  return stream;
}

export class LokiSink implements LogSink {
  readonly stats: LokiStats = { pushes: 0, linesSent: 0, linesDropped: 0, failedAttempts: 0 };
  private buffer: Entry[] = [];
  private inFlight: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private seq = 0;
  private readonly pushUrl: string;
  private authorization: string | undefined;
  private readonly o: Required<Omit<LokiOptions, 'onDrop' | 'onError'>> & Pick<LokiOptions, 'onDrop' | 'onError'>;

  constructor(options: LokiOptions) {
    this.o = {
      maxBufferLines: 10_000,
      batchLines: 500,
      flushIntervalMs: 1000,
      minBackoffMs: 250,
      maxBackoffMs: 5000,
      maxRetries: 8,
      requestTimeoutMs: 5000,
      ...options,
    };
    // fetch refuses URLs holding credentials: move user:password into a Basic authorization header.
    const url = new URL(`${options.url.replace(/\/+$/, '')}/loki/api/v1/push`);
    if (url.username || url.password) {
      this.authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
      url.username = '';
      url.password = '';
    }
    this.pushUrl = url.toString();
  }

  get buffered(): number {
    return this.buffer.length;
  }

  write(line: LogLine, serialized: string): void {
    if (this.closed) return this.drop(1);
    const stream = streamOf(line);
    // Nanosecond timestamp from the line's own time; a sequence number keeps lines of the same ms distinct and ordered.
    const ms = Date.parse(line.ts);
    const tsNs = (BigInt(ms) * 1_000_000n + BigInt(this.seq++ % 1_000_000)).toString();
    this.buffer.push({ stream, key: `${stream.environment}\u0000${stream.host_region}`, tsNs, line: serialized });
    if (this.buffer.length > this.o.maxBufferLines) {
      const excess = this.buffer.length - this.o.maxBufferLines;
      this.buffer.splice(0, excess);
      this.drop(excess);
    }
    if (this.buffer.length >= this.o.batchLines) this.kick(0);
    else this.kick(this.o.flushIntervalMs);
  }

  private drop(lines: number): void {
    if (lines <= 0) return;
    this.stats.linesDropped += lines;
    this.o.onDrop?.(lines);
  }

  /** Schedules a send unless one is running or already scheduled sooner. */
  private kick(delayMs: number): void {
    if (this.inFlight || this.closed) return;
    if (this.timer) {
      if (delayMs > 0) return;
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.inFlight = this.sendLoop().finally(() => {
        this.inFlight = null;
        if (this.buffer.length > 0 && !this.closed) this.kick(this.buffer.length >= this.o.batchLines ? 0 : this.o.flushIntervalMs);
      });
    }, delayMs);
    this.timer.unref();
  }

  private body(batch: Entry[]): string {
    const streams = new Map<string, { stream: Record<string, string>; values: [string, string][] }>();
    for (const entry of batch) {
      let s = streams.get(entry.key);
      if (!s) streams.set(entry.key, (s = { stream: entry.stream, values: [] }));
      s.values.push([entry.tsNs, entry.line]);
    }
    return JSON.stringify({ streams: [...streams.values()] });
  }

  /** One POST; resolves 'ok', 'retry' (429/5xx/network) or 'reject' (other 4xx: retrying cannot help). */
  private async post(batch: Entry[]): Promise<{ outcome: 'ok' | 'retry' | 'reject'; retryAfterMs?: number }> {
    try {
      const response = await fetch(this.pushUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.authorization ? { authorization: this.authorization } : {}) },
        body: this.body(batch),
        signal: AbortSignal.timeout(this.o.requestTimeoutMs),
      });
      // A push counts as delivered only when its whole (small) answer arrived: a 2xx whose body is
      // endless, huge or cut off is retried, which a real Loki treats as a no-op (it drops entries
      // identical in stream, timestamp and line).
      try {
        await readBodyCapped(response, MAX_RESPONSE_BYTES);
      } catch (error) {
        this.stats.failedAttempts++;
        const why = error instanceof BodyTooLargeError ? error.message : `response body not read whole: ${error instanceof Error ? error.message : String(error)}`;
        this.o.onError?.(`loki push: HTTP ${response.status} but ${why}; not counted as delivered`);
        return { outcome: 'retry' };
      }
      if (response.ok) return { outcome: 'ok' };
      this.stats.failedAttempts++;
      this.o.onError?.(`loki push: HTTP ${response.status}`);
      if (response.status === 429 || response.status >= 500) {
        const retryAfter = Number(response.headers.get('retry-after'));
        return { outcome: 'retry', ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}) };
      }
      return { outcome: 'reject' };
    } catch (error) {
      this.stats.failedAttempts++;
      this.o.onError?.(`loki push: ${error instanceof Error ? error.message : String(error)}`);
      return { outcome: 'retry' };
    }
  }

  /** Sends batches until the buffer is empty (or the deadline passes / a batch is given up on). */
  private async sendLoop(deadline = Infinity): Promise<void> {
    while (this.buffer.length > 0 && Date.now() < deadline) {
      const batch = this.buffer.splice(0, this.o.batchLines);
      let attempt = 0;
      for (;;) {
        const { outcome, retryAfterMs } = await this.post(batch);
        if (outcome === 'ok') {
          this.stats.pushes++;
          this.stats.linesSent += batch.length;
          break;
        }
        attempt++;
        if (outcome === 'reject' || attempt > this.o.maxRetries || Date.now() >= deadline || (this.closed && deadline === Infinity)) {
          this.drop(batch.length);
          break;
        }
        const backoff = Math.min(this.o.maxBackoffMs, this.o.minBackoffMs * 2 ** (attempt - 1));
        const wait = Math.min(this.o.maxBackoffMs, Math.max(retryAfterMs ?? 0, backoff * (0.5 + Math.random() / 2)));
        await new Promise<void>((resolve) => setTimeout(resolve, Math.min(wait, Math.max(0, deadline - Date.now()))).unref());
      }
      if (deadline === Infinity && this.buffer.length < this.o.batchLines) return;
    }
  }

  /** Sends what is buffered, giving up after timeoutMs. */
  async flush(timeoutMs = 1000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.inFlight) {
      await Promise.race([this.inFlight, new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())).unref())]);
    }
    if (!this.inFlight && this.buffer.length > 0) {
      this.inFlight = this.sendLoop(deadline).finally(() => {
        this.inFlight = null;
      });
      await this.inFlight;
    }
  }

  /** Final flush, then anything left is counted as dropped. */
  async close(timeoutMs = 1000): Promise<void> {
    await this.flush(timeoutMs);
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.drop(this.buffer.length);
    this.buffer = [];
  }
}
