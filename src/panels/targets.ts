/** Query targets built from typed expressions, bound to the dashboard's datasource variables. */
import { DataqueryBuilder as PromQueryBuilder, PromQueryFormat, QueryEditorMode } from '@grafana/grafana-foundation-sdk/prometheus';
import { DataqueryBuilder as LokiQueryBuilder, QueryEditorMode as LokiEditorMode } from '@grafana/grafana-foundation-sdk/loki';
import { ThresholdsConfigBuilder, ThresholdsMode } from '@grafana/grafana-foundation-sdk/dashboard';
import { LegendDisplayMode, LegendPlacement, VizLegendOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import type { Expr, SeriesKind } from '../queries/promql';
import { datasourceRef } from './datasources';

export interface PromTargetOptions {
  /** Legend template, e.g. `{{backend}}`. */
  legend?: string;
  /** time_series (default), table, or heatmap (Prometheus buckets as a native heatmap). */
  format?: 'time_series' | 'table' | 'heatmap';
  /** Instant query (one value per series) instead of a range query. */
  instant?: boolean;
  /** Ask Prometheus for exemplars alongside the series. */
  exemplar?: boolean;
}

const formats = {
  time_series: PromQueryFormat.TimeSeries,
  table: PromQueryFormat.Table,
  heatmap: PromQueryFormat.Heatmap,
} as const;

export function promTarget(refId: string, expr: Expr<SeriesKind, string>, options: PromTargetOptions = {}): PromQueryBuilder {
  const target = new PromQueryBuilder()
    .refId(refId)
    .datasource(datasourceRef('prometheus'))
    .editorMode(QueryEditorMode.Code)
    .expr(expr.text)
    .legendFormat(options.legend ?? '__auto')
    .format(formats[options.format ?? 'time_series']);
  if (options.instant) target.instant();
  else target.range();
  if (options.exemplar) target.exemplar(true);
  return target;
}

export function lokiTarget(refId: string, query: { toString(): string }, maxLines = 200): LokiQueryBuilder {
  return new LokiQueryBuilder()
    .refId(refId)
    .datasource(datasourceRef('loki'))
    .editorMode(LokiEditorMode.Code)
    .expr(query.toString())
    .queryType('range')
    .maxLines(maxLines);
}

/** Absolute thresholds from a base colour and `[value, colour]` steps. */
export function thresholds(base: string, ...steps: Array<[number, string]>): ThresholdsConfigBuilder {
  return new ThresholdsConfigBuilder()
    .mode(ThresholdsMode.Absolute)
    .steps([{ value: null, color: base }, ...steps.map(([value, color]) => ({ value, color }))]);
}

/**
 * A visible legend: the SDK's panel builders default to none, which hides which line is which.
 * `list` below the graph; `table` on the right, for many series with long names.
 */
export function legend(mode: 'list' | 'table' = 'list'): VizLegendOptionsBuilder {
  const builder = new VizLegendOptionsBuilder().showLegend(true);
  return mode === 'table' ? builder.displayMode(LegendDisplayMode.Table).placement(LegendPlacement.Right) : builder.displayMode(LegendDisplayMode.List).placement(LegendPlacement.Bottom);
}
