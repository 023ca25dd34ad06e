/**
 * The series the catalogue promises for a simulated deployment: every combination of a metric's
 * label values, with environment and host_region taken together from the simulated hosts and a
 * rotating label (`simulation.rotate`) matching any value. Readiness is "every one has samples".
 */
import { labels as labelCatalogue, metrics as metricCatalogue, type LabelName, type MetricDef, type MetricName } from '../catalogue';
import type { Host } from './profiles';

export type Series = Readonly<Record<string, string>>;

const HOST_LABELS = new Set<string>(['environment', 'host_region']);
/** Beyond this a metric's label sets are a cardinality bug in the catalogue, not something to simulate. */
export const MAX_SERIES_PER_METRIC = 5000;

export class CatalogueCardinalityError extends Error {
  override readonly name = 'CatalogueCardinalityError';
}

/** Labels every expected series of `metric` fixes (all but a rotating one), in catalogue order. */
export function fixedLabels(metric: MetricName): LabelName[] {
  const def = metricCatalogue[metric] as MetricDef;
  const rotating = def.simulation?.rotate?.label;
  return def.labels.filter((l) => l !== rotating);
}

export function expectedSeries(metric: MetricName, hosts: readonly Host[]): Series[] {
  const fixed = fixedLabels(metric);
  let out: Record<string, string>[] = [{}];
  const hostLabels = fixed.filter((l) => HOST_LABELS.has(l));
  if (hostLabels.length > 0) {
    const seen = new Map<string, Record<string, string>>();
    for (const host of hosts) {
      const part = Object.fromEntries(hostLabels.map((l) => [l, host[l as keyof Host]]));
      seen.set(JSON.stringify(part), part);
    }
    out = [...seen.values()];
  }
  const declared = (metricCatalogue[metric] as MetricDef).simulation?.series;
  if (declared) return out.flatMap((series) => declared.map((d) => ({ ...series, ...d })));
  for (const label of fixed) {
    if (HOST_LABELS.has(label)) continue;
    const values = labelCatalogue[label].values;
    if (out.length * values.length > MAX_SERIES_PER_METRIC) {
      throw new CatalogueCardinalityError(`${metric}: its label value sets make more than ${MAX_SERIES_PER_METRIC} series; trim the label values in src/catalogue/labels.ts`);
    }
    out = out.flatMap((series) => values.map((v) => ({ ...series, [label]: v })));
  }
  return out;
}

/** Expected series with no recorded series carrying the same fixed label values. */
export function missingSeries(metric: MetricName, hosts: readonly Host[], recorded: readonly Series[]): Series[] {
  const fixed = fixedLabels(metric);
  const key = (s: Series) => fixed.map((l) => s[l] ?? '').join('\u0000');
  const have = new Set(recorded.map(key));
  return expectedSeries(metric, hosts).filter((s) => !have.has(key(s)));
}
