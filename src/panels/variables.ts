/** Template variables shared by pipeline dashboards: datasource pickers and label filters. */
import {
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { labelValues, metric, type Selector } from '../queries/promql';
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
 * The metric pipeline dashboards read their filter values from by default: the registry readiness
 * check sets it for every host × backend from the first scrape, so a backend that has not compiled
 * anything yet is still offered (compile counters would hide it).
 */
export const FILTER_SOURCE = 'registry_missing_binaries' satisfies MetricName;
export type FilterLabel = LabelsOf<typeof FILTER_SOURCE>;

export const filterTitles: Readonly<Record<FilterLabel, string>> = { environment: 'Environment', host_region: 'Host region', backend: 'Backend' };

/** Label filters shown at the top of a dashboard, in order, built by `filterChain`. */
export interface FilterChain {
  readonly labels: readonly string[];
  readonly variables: readonly QueryVariableBuilder[];
}

/**
 * Chained label filters over one source metric, in the order of `titles` (label → picker title):
 * each one offers only the values the filters before it leave. Pick a source every value of the
 * labels appears on from the start, or a value is missing from the picker until it is recorded.
 */
export function filterChain<K extends SeriesKind, M extends MetricName, L extends string>(
  source: Selector<K, M, L>,
  titles: { readonly [N in Extract<L, LabelName>]?: string },
): FilterChain {
  const labels = Object.keys(titles) as Array<Extract<L, LabelName>>;
  const variables = labels.map((label, i) => {
    const narrowed = Object.fromEntries(labels.slice(0, i).map((l) => [l, `$${l}`])) as Parameters<typeof source.where>[0];
    return labelFilterVariable(source.where(narrowed), label, titles[label] as string);
  });
  return { labels, variables };
}

/** The default chain: `filters` of FILTER_SOURCE, with their standard titles. */
export function filterVariables(filters: readonly FilterLabel[]): FilterChain {
  return filterChain(metric(FILTER_SOURCE), Object.fromEntries(filters.map((l) => [l, filterTitles[l]])) as Partial<Record<FilterLabel, string>>);
}
