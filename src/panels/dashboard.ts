/**
 * The frame every pipeline dashboard shares: uid, tags, time settings, the datasource pickers its
 * panels use and the label filters it shows. A dashboard that shows a filter must apply it in
 * every panel whose metric carries the label (or say in the panel description that it does not).
 */
import { DashboardBuilder, DashboardCursorSync } from '@grafana/grafana-foundation-sdk/dashboard';
import type { DatasourceKind } from './datasources';
import { datasourceVariable, filterVariables, type FilterChain, type FilterLabel } from './variables';

export interface PipelineDashboardOptions {
  readonly title: string;
  /** 1–40 characters of A-Z a-z 0-9 _ -; also the output file name. */
  readonly uid: string;
  readonly description: string;
  /** Datasource pickers, one per kind the panels query. Default: Prometheus only. */
  readonly datasources?: readonly DatasourceKind[];
  /**
   * Label filters shown at the top, in order; each narrows the values the next one offers. Labels
   * of FILTER_SOURCE, or a `filterChain` over another metric when the panels' labels differ.
   */
  readonly filters?: readonly FilterLabel[] | FilterChain;
  readonly tags?: readonly string[];
}

const pickerLabels: Readonly<Record<DatasourceKind, string>> = { prometheus: 'Prometheus', loki: 'Loki', jaeger: 'Jaeger' };

const isChain = (filters: readonly FilterLabel[] | FilterChain): filters is FilterChain => 'variables' in filters;

export function pipelineDashboard(options: PipelineDashboardOptions): DashboardBuilder {
  const builder = new DashboardBuilder(options.title)
    .uid(options.uid)
    .description(options.description)
    .tags(['pipeline', 'generated', ...(options.tags ?? [])])
    .editable()
    .tooltip(DashboardCursorSync.Crosshair)
    .refresh('30s')
    .time({ from: 'now-1h', to: 'now' })
    .timezone('utc');
  for (const kind of options.datasources ?? ['prometheus']) builder.withVariable(datasourceVariable(kind, pickerLabels[kind]));
  const filters = options.filters ?? [];
  for (const variable of isChain(filters) ? filters.variables : filterVariables(filters).variables) builder.withVariable(variable);
  return builder;
}
