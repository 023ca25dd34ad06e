/** Template variables shared by pipeline dashboards: datasource pickers and label filters. */
import {
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { labelValues, metric, type Selector, type Variable } from '../queries/promql';
import type { LabelName, LabelsOf, MetricName } from '../catalogue';
import type { SeriesKind } from '../queries/promql';
import { datasourceRef, datasources, type DatasourceKind } from './datasources';

/** Datasource picker defaulting to the provisioned datasource of that kind. */
export function datasourceVariable(kind: DatasourceKind, label: string): DatasourceVariableBuilder {
  const ds = datasources[kind];
  return new DatasourceVariableBuilder(ds.variable)
    .label(label)
    .type(ds.type)
    .current({ selected: true, text: ds.name, value: ds.uid });
}

/**
 * Multi-value label filter with "All", its values read from `label_values` of a catalogue metric.
 * "All" becomes `.*` so it also matches series the variable query has not seen yet.
 */
export function labelFilterVariable<K extends SeriesKind, M extends MetricName, L extends string>(
  selector: Selector<K, M, L>,
  label: NoInfer<Extract<L, LabelName>>,
  title: string,
): QueryVariableBuilder {
  const query = labelValues(selector, label);
  return new QueryVariableBuilder(label)
    .label(title)
    .datasource(datasourceRef('prometheus'))
    .query({ qryType: 1, query, refId: 'PrometheusVariableQueryEditor-VariableQuery' })
    .definition(query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue('.*')
    .current({ selected: true, text: ['All'], value: ['$__all'] });
}

/**
 * The metric dashboard filters read their values from: the registry readiness check sets it for
 * every host × backend from the first scrape, so a backend that has not compiled anything yet is
 * still offered (compile counters would hide it).
 */
export const FILTER_SOURCE = 'registry_missing_binaries' satisfies MetricName;
export type FilterLabel = LabelsOf<typeof FILTER_SOURCE>;

export const filterTitles: Readonly<Record<FilterLabel, string>> = { environment: 'Environment', host_region: 'Host region', backend: 'Backend' };

/** Chained label filters: each one offers only the values the filters before it leave. */
export function filterVariables(filters: readonly FilterLabel[]): QueryVariableBuilder[] {
  return filters.map((label, i) => {
    const narrowed = Object.fromEntries(filters.slice(0, i).map((l) => [l, `$${l}`])) as Partial<Record<FilterLabel, Variable>>;
    return labelFilterVariable(metric(FILTER_SOURCE).where(narrowed), label, filterTitles[label]);
  });
}
