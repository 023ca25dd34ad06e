/**
 * What a bare prom-client registry needs to hold the same series as a captured exposition: per family its
 * type, help, label names, buckets or quantiles, and one value per label set (for histograms and summaries
 * the label set without `le`/`quantile`, observed once at the mean).
 */
import { parseExposition } from '../instrumentation/exposition-parse';

export interface Family {
  name: string;
  type: string;
  help: string;
  labelNames: string[];
  buckets: number[];
  quantiles: number[];
  series: { labels: Record<string, string>; value: number }[];
}

export function registryFamilies(text: string): Family[] {
  const out: Family[] = [];
  for (const parsed of parseExposition(text).values()) {
    const type = parsed.type ?? 'untyped';
    const f: Family = { name: parsed.name, type, help: parsed.help ?? '', labelNames: [], buckets: [], quantiles: [], series: [] };
    const aggregate = type === 'histogram' || type === 'summary';
    const means = new Map<string, { labels: Record<string, string>; sum: number; count: number }>();
    for (const s of parsed.samples) {
      if (!aggregate) {
        f.series.push({ labels: s.labels, value: Number.isFinite(s.value) ? s.value : 0 });
        continue;
      }
      if ('le' in s.labels) {
        const le = Number(s.labels.le);
        if (Number.isFinite(le) && !f.buckets.includes(le)) f.buckets.push(le);
      } else if ('quantile' in s.labels) {
        const q = Number(s.labels.quantile);
        if (!f.quantiles.includes(q)) f.quantiles.push(q);
      } else {
        const key = JSON.stringify(s.labels);
        let entry = means.get(key);
        if (!entry) means.set(key, (entry = { labels: s.labels, sum: 0, count: 0 }));
        if (s.name.endsWith('_sum')) entry.sum = s.value;
        else entry.count = s.value;
      }
    }
    for (const { labels, sum, count } of means.values()) f.series.push({ labels, value: count > 0 ? sum / count : 0 });
    if (f.series.length === 0) continue;
    f.labelNames = [...new Set(f.series.flatMap((s) => Object.keys(s.labels)))].sort();
    f.buckets.sort((a, b) => a - b);
    f.quantiles.sort((a, b) => a - b);
    out.push(f);
  }
  return out;
}
