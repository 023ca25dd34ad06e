/** Template variables shared by pipeline dashboards: datasource pickers and label filters. */
import {
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { labelValues, type Selector } from '../queries/promql';
import type { LabelName, MetricName } from '../catalogue';
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
