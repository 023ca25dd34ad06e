/** Worst-case cardinality of the catalogue: what its label sets allow, not what an emitter happens to emit. */
import { labels, type LabelName } from './labels';
import { metrics, type MetricDef } from './metrics';

/** Series one label set of a metric produces: buckets + `+Inf` + `_sum` + `_count`, quantiles + `_sum` + `_count`, or 1. */
export function seriesPerLabelSet(def: MetricDef): number {
  if (def.type === 'histogram') return (def.buckets?.length ?? 0) + 3;
  if (def.type === 'summary') return (def.quantiles?.length ?? 0) + 2;
  return 1;
}

/** Every label at every value its set declares (open sets at their declared values), summed over the metrics. */
export function worstCaseSeries(): number {
  let total = 0;
  for (const def of Object.values(metrics) as MetricDef[]) {
    total += def.labels.reduce((n, l) => n * Math.max(1, labels[l as LabelName].values.length), 1) * seriesPerLabelSet(def);
  }
  return total;
}
