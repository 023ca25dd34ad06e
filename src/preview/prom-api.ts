/** Minimal client for the Prometheus HTTP API (v1), every call bounded by a timeout and a body size. */
import { readBodyCapped } from '../http/read-body';

/** Far above what the preview's queries return; a bigger answer is not from a Prometheus. */
const MAX_BODY_BYTES = 64 << 20;

export interface Sample {
  readonly metric: Record<string, string>;
  /** Instant vector: one value. */
  readonly value?: [number, string];
  /** Range vector / matrix: many values. */
  readonly values?: Array<[number, string]>;
}

export type ResultType = 'vector' | 'matrix' | 'scalar' | 'string';

export interface QueryResult {
  readonly resultType: ResultType;
  readonly result: Sample[];
}

export interface Exemplar {
  readonly labels: Record<string, string>;
  readonly value: string;
  readonly timestamp: number;
}

export interface ExemplarSeries {
  readonly seriesLabels: Record<string, string>;
  readonly exemplars: Exemplar[];
}

export class PrometheusApiError extends Error {
  constructor(
    readonly endpoint: string,
    readonly query: string | undefined,
    message: string,
  ) {
    super(`${endpoint}${query ? ` (${query})` : ''}: ${message}`);
    this.name = 'PrometheusApiError';
  }
}

export class PrometheusApi {
  constructor(
    readonly baseUrl: string,
    readonly timeoutMs = 5000,
  ) {}

  private call<T>(endpoint: string, params: Record<string, string | string[]>, query?: string): Promise<T> {
    // POST, as Grafana's provisioned datasource does (httpMethod: POST): long queries fit.
    return this.request(endpoint, { method: 'POST', body: toSearchParams(params) }, query);
  }

  /** One API call with a timeout; the Prometheus envelope unwrapped, its errors named. */
  private async request<T>(endpoint: string, init: RequestInit, query?: string, search = ''): Promise<T> {
    const res = await fetch(`${this.baseUrl}${endpoint}${search}`, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    const text = (await readBodyCapped(res, MAX_BODY_BYTES)).toString('utf8');
    let json: { status?: string; data?: T; error?: string; errorType?: string };
    try {
      json = JSON.parse(text);
    } catch {
      throw new PrometheusApiError(endpoint, query, `HTTP ${res.status}, not JSON: ${text.slice(0, 200)}`);
    }
    if (json.status !== 'success') throw new PrometheusApiError(endpoint, query, `${json.errorType ?? `HTTP ${res.status}`}: ${json.error ?? text.slice(0, 200)}`);
    return json.data as T;
  }

  /** Instant query at `time` (seconds). */
  instant(query: string, time: number): Promise<QueryResult> {
    return this.call('/api/v1/query', { query, time: String(time) }, query);
  }

  /** Range query over [start, end] seconds with `step` seconds. */
  range(query: string, start: number, end: number, step: number): Promise<QueryResult> {
    return this.call('/api/v1/query_range', { query, start: String(start), end: String(end), step: String(step) }, query);
  }

  labelValues(label: string, match?: string, start?: number, end?: number): Promise<string[]> {
    const params: Record<string, string | string[]> = {};
    if (match) params['match[]'] = [match];
    if (start !== undefined) params.start = String(start);
    if (end !== undefined) params.end = String(end);
    // The label values endpoint is GET-only.
    return this.get(`/api/v1/label/${encodeURIComponent(label)}/values`, toSearchParams(params), match);
  }

  exemplars(query: string, start: number, end: number): Promise<ExemplarSeries[]> {
    return this.call('/api/v1/query_exemplars', { query, start: String(start), end: String(end) }, query);
  }

  targets(): Promise<{ activeTargets: Array<{ health: string; lastError: string; scrapeUrl: string; labels: Record<string, string> }> }> {
    return this.get('/api/v1/targets', new URLSearchParams({ state: 'active' }));
  }

  private get<T>(endpoint: string, qs: URLSearchParams, query?: string): Promise<T> {
    return this.request(endpoint, {}, query, `?${qs.toString()}`);
  }
}

function toSearchParams(params: Record<string, string | string[]>): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const item of Array.isArray(v) ? v : [v]) out.append(k, item);
  return out;
}

/** Number of points across a result (1 per vector sample). */
export function pointCount(result: QueryResult): number {
  return result.result.reduce((n, s) => n + (s.values ? s.values.length : s.value ? 1 : 0), 0);
}
