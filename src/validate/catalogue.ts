/** Catalogue lookups for the rules: metric families and their derived series, units, log events. */
import * as fs from 'node:fs';
import type { CatalogueJson, MetricDef, MetricUnit } from '../catalogue/index';
import { CliError } from '../cli/errors';

export type SeriesKind = 'plain' | 'bucket' | 'sum' | 'count';

export interface ResolvedMetric {
  family: string;
  def: MetricDef;
  series: SeriesKind;
}

/** Prometheus adds these target labels to every scraped series. */
export const TARGET_LABELS = new Set(['job', 'instance', '__name__']);

/** Exit 2 with one line. */
export class CatalogueError extends CliError {}

/** Reads and shape-checks a catalogue JSON file (format CatalogueJson, as build-dashboards writes it). */
export function loadCatalogue(file: string): CatalogueJson {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new CatalogueError(`cannot read catalogue ${file}: ${(e as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new CatalogueError(`catalogue ${file} is not valid JSON: ${(e as Error).message}`);
  }
  const v = value as Partial<CatalogueJson> | null;
  if (!v || typeof v !== 'object' || v.version !== 1 || typeof v.metrics !== 'object' || typeof v.labels !== 'object' || typeof v.logs !== 'object') {
    throw new CatalogueError(`catalogue ${file} is not a version 1 catalogue (expected "version": 1, "metrics", "labels", "logs")`);
  }
  return v as CatalogueJson;
}

const resolvedCache = new WeakMap<CatalogueJson, Map<string, ResolvedMetric | null>>();

/** Maps a series name to its catalogue family: `x_bucket` of histogram x, `x_count` of a summary... */
export function resolveMetric(cat: CatalogueJson, name: string): ResolvedMetric | undefined {
  let cache = resolvedCache.get(cat);
  if (!cache) resolvedCache.set(cat, (cache = new Map()));
  const hit = cache.get(name);
  if (hit !== undefined) return hit ?? undefined;
  let out: ResolvedMetric | undefined;
  const direct = cat.metrics[name];
  if (direct) out = { family: name, def: direct, series: 'plain' };
  else {
    for (const suffix of ['bucket', 'sum', 'count'] as const) {
      if (!name.endsWith('_' + suffix)) continue;
      const family = name.slice(0, -suffix.length - 1);
      const def = cat.metrics[family];
      if (!def) continue;
      if (def.type === 'histogram' || (def.type === 'summary' && suffix !== 'bucket')) out = { family, def, series: suffix };
    }
  }
  cache.set(name, out ?? null);
  return out;
}

/** Every series name the catalogue's metrics expose (for "did you mean"). */
export function seriesNames(cat: CatalogueJson): string[] {
  const out: string[] = [];
  for (const [name, def] of Object.entries(cat.metrics)) {
    out.push(name);
    if (def.type === 'histogram') out.push(`${name}_bucket`, `${name}_sum`, `${name}_count`);
    if (def.type === 'summary') out.push(`${name}_sum`, `${name}_count`);
  }
  return out;
}

/** Labels a series carries: the metric's labels, `le` on buckets, `quantile` on summary quantiles. */
export function labelsOf(m: ResolvedMetric): Set<string> {
  const out = new Set<string>(m.def.labels);
  if (m.series === 'bucket') out.add('le');
  if (m.def.type === 'summary' && m.series === 'plain') out.add('quantile');
  return out;
}

export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** Closest candidates within a third of the name's length, best first. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const c of candidates) {
    // The distance is at least the length difference: skip without the O(|a|·|b|) table.
    if (Math.abs(name.length - c.length) >= bestD) continue;
    const d = editDistance(name, c);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

/** Unit of a series: the catalogue's when known, else from Prometheus naming conventions. */
export interface SeriesUnit {
  /** Unit of the sample values. */
  unit: MetricUnit;
  /** Unit of the family (of `le` for buckets). */
  familyUnit?: MetricUnit;
  series: SeriesKind;
}

export function seriesUnit(cat: CatalogueJson | null | undefined, name: string): SeriesUnit | undefined {
  if (cat) {
    const m = resolveMetric(cat, name);
    if (m) return { unit: m.series === 'count' || m.series === 'bucket' ? 'count' : m.def.unit, familyUnit: m.def.unit, series: m.series };
  }
  let base = name;
  let series: SeriesKind = 'plain';
  for (const suffix of ['bucket', 'sum', 'count'] as const) {
    if (base.endsWith('_' + suffix)) {
      base = base.slice(0, -suffix.length - 1);
      series = suffix;
    }
  }
  if (base.endsWith('_total')) base = base.slice(0, -6);
  const family: MetricUnit | undefined = base.endsWith('_seconds') ? 'seconds' : base.endsWith('_bytes') ? 'bytes' : base.endsWith('_ratio') ? 'ratio' : undefined;
  if (series === 'count' || series === 'bucket') return { unit: 'count', ...(family ? { familyUnit: family } : {}), series };
  return family ? { unit: family, familyUnit: family, series } : undefined;
}
