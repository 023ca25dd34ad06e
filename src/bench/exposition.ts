/**
 * Just enough of the Prometheus text format to rebuild a registry holding the same series: one
 * entry per family with its type, help, label names, and one value per label set (for
 * histograms and summaries the label set without `le`/`quantile`, and the mean observation).
 */
export interface Family {
  name: string;
  type: string;
  help: string;
  labelNames: string[];
  buckets: number[];
  quantiles: number[];
  series: { labels: Record<string, string>; value: number }[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function labelsOf(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of (text ?? '').matchAll(LABEL)) out[m[1] as string] = (m[2] as string).replace(/\\n/g, '\n').replace(/\\(.)/g, '$1');
  return out;
}

export function parseExposition(text: string): Family[] {
  const families = new Map<string, Family>();
  const family = (name: string): Family => {
    let f = families.get(name);
    if (!f) families.set(name, (f = { name, type: 'untyped', help: '', labelNames: [], buckets: [], quantiles: [], series: [] }));
    return f;
  };
  // Per histogram/summary label set: sum and count, to observe the mean once.
  const sums = new Map<string, { family: Family; labels: Record<string, string>; sum: number; count: number }>();
  for (const line of text.split('\n')) {
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      if (meta[1] === 'HELP') family(meta[2] as string).help = (meta[3] as string).replace(/\\n/g, '\n').replace(/\\\\/g, '\\');
      else family(meta[2] as string).type = meta[3] as string;
      continue;
    }
    const m = SAMPLE.exec(line);
    if (!m || line.startsWith('#')) continue;
    const [, sample, labelText, valueText] = m;
    const labels = labelsOf(labelText);
    const value = Number(valueText);
    const base = (sample as string).replace(/_(bucket|sum|count)$/, '');
    // `x_bucket`/`x_sum`/`x_count` of histogram or summary x, or a quantile sample `x{quantile=…}`.
    const parent = families.get(base);
    const agg = parent && (parent.type === 'histogram' || parent.type === 'summary') ? parent : undefined;
    if (agg) {
      const f = agg;
      if ('le' in labels) {
        const le = Number(labels.le);
        if (Number.isFinite(le) && !f.buckets.includes(le)) f.buckets.push(le);
        continue;
      }
      if ('quantile' in labels) {
        const q = Number(labels.quantile);
        if (!f.quantiles.includes(q)) f.quantiles.push(q);
        continue;
      }
      const key = `${f.name}${JSON.stringify(labels)}`;
      let entry = sums.get(key);
      if (!entry) sums.set(key, (entry = { family: f, labels, sum: 0, count: 0 }));
      if ((sample as string).endsWith('_sum')) entry.sum = value;
      else entry.count = value;
      continue;
    }
    family(sample as string).series.push({ labels, value: Number.isFinite(value) ? value : 0 });
  }
  for (const { family: f, labels, sum, count } of sums.values()) f.series.push({ labels, value: count > 0 ? sum / count : 0 });
  for (const f of families.values()) {
    const names = new Set<string>();
    for (const s of f.series) for (const k of Object.keys(s.labels)) names.add(k);
    f.labelNames = [...names].sort();
    f.buckets.sort((a, b) => a - b);
    f.quantiles.sort((a, b) => a - b);
  }
  return [...families.values()].filter((f) => f.series.length > 0);
}
