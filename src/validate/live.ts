/** Fetches metric names and label names from a live Prometheus for the prometheus/live rule. */
import { readJsonCapped } from '../http/read-body';
import type { LivePrometheus } from './types';

/** Metadata of a large Prometheus is a few MB; an answer past this is not one. */
const MAX_BODY_BYTES = 64 << 20;

async function getJson(url: string, timeoutMs: number): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const body = (await readJsonCapped(res, MAX_BODY_BYTES)) as { status?: string; data?: unknown; error?: string };
  if (body.status !== 'success') throw new Error(`${url}: ${body.error ?? 'status ' + body.status}`);
  return body.data;
}

export async function fetchLivePrometheus(base: string, timeoutMs = 10_000): Promise<LivePrometheus> {
  const root = base.replace(/\/+$/, '');
  const [metadata, labels] = await Promise.all([getJson(`${root}/api/v1/metadata`, timeoutMs), getJson(`${root}/api/v1/labels`, timeoutMs)]);
  const metrics = new Map<string, string>();
  for (const [name, entries] of Object.entries((metadata ?? {}) as Record<string, { type?: string }[]>)) metrics.set(name, entries[0]?.type ?? 'unknown');
  // Metadata names counters without _total in OpenMetrics exposition; accept both spellings.
  for (const [name, type] of [...metrics]) if (type === 'counter' && !name.endsWith('_total')) metrics.set(`${name}_total`, type);
  return { url: root, metrics, labels: new Set(Array.isArray(labels) ? (labels as string[]) : []) };
}
