/**
 * Recognises MetricsQL (VictoriaMetrics' PromQL dialect) in an expression PromQL cannot parse, so
 * the finding says "MetricsQL, not PromQL" instead of a syntax error: a VictoriaMetrics server
 * behind a prometheus-typed datasource runs it; Prometheus itself rejects it.
 */

/** Functions MetricsQL has and PromQL does not (VictoriaMetrics' MetricsQL reference). */
const FUNCTIONS = new Set([
  'topk_max', 'topk_min', 'topk_avg', 'topk_median', 'topk_last', 'bottomk_max', 'bottomk_min', 'bottomk_avg', 'bottomk_median', 'bottomk_last',
  'range_avg', 'range_first', 'range_last', 'range_max', 'range_min', 'range_median', 'range_sum', 'range_quantile', 'range_stddev', 'range_stdvar',
  'range_normalize', 'range_linear_regression', 'range_mad', 'range_trim_outliers', 'range_trim_spikes', 'range_trim_zscore', 'range_zscore',
  'running_avg', 'running_max', 'running_min', 'running_sum', 'rollup', 'rollup_candlestick', 'rollup_delta', 'rollup_deriv', 'rollup_increase',
  'rollup_rate', 'rollup_scrape_interval', 'rollup_delta_prometheus', 'histogram_over_time', 'histogram_share', 'histogram_avg', 'histogram_stddev',
  'histogram_stdvar', 'histogram_quantiles', 'prometheus_buckets', 'buckets_limit', 'share_gt_over_time', 'share_le_over_time', 'share_eq_over_time',
  'count_gt_over_time', 'count_le_over_time', 'count_eq_over_time', 'count_ne_over_time', 'sum_gt_over_time', 'sum_le_over_time', 'sum_eq_over_time',
  'increase_pure', 'increase_prometheus', 'increases_over_time', 'decreases_over_time', 'lifetime', 'lag', 'tfirst_over_time', 'tlast_over_time',
  'tlast_change_over_time', 'tmin_over_time', 'tmax_over_time', 'distinct_over_time', 'median_over_time', 'mode_over_time', 'zscore_over_time',
  'ascent_over_time', 'descent_over_time', 'integrate', 'duration_over_time', 'rate_over_sum', 'scrape_interval', 'hoeffding_bound_lower',
  'hoeffding_bound_upper', 'ideriv', 'quantiles_over_time', 'aggr_over_time', 'range_over_time', 'default_rollup', 'first_over_time',
  'label_set', 'label_map', 'label_del', 'label_keep', 'label_copy', 'label_move', 'label_transform', 'label_value', 'label_match',
  'label_mismatch', 'label_uppercase', 'label_lowercase', 'label_graphite_group', 'labels_equal', 'alias', 'drop_common_labels',
  'sort_by_label_numeric', 'sort_by_label_numeric_desc', 'keep_last_value', 'keep_next_value', 'interpolate', 'remove_resets', 'union', 'ru',
  'ttf', 'rand', 'rand_normal', 'rand_exponential', 'now', 'step', 'start', 'end', 'range_first', 'smooth_exponential', 'bitmap_and',
  'bitmap_or', 'bitmap_xor', 'nan', 'sign', 'zscore', 'mad', 'geomean', 'median', 'mode', 'sum2', 'distinct', 'histogram', 'share', 'any',
  'outliers_iqr', 'outliers_mad', 'outliersk', 'quantiles', 'limitk', 'limit_offset', 'count_values_over_time',
]);

/** Keywords and operators MetricsQL adds. */
const KEYWORDS: readonly [RegExp, string][] = [
  [/\)\s*default\s|\bdefault\s+[-\d(]/i, 'the "default" operator'],
  [/\s(if|ifnot)\s+[\w(]/i, 'the "if"/"ifnot" operator'],
  [/\bkeep_metric_names\b/i, 'keep_metric_names'],
  [/^\s*with\s*\(/i, 'WITH templates'],
];

const CALL = /([A-Za-z_][A-Za-z0-9_]*)\s*\(/g;

/** The MetricsQL feature an expression uses, or undefined. Linear: one pass per pattern. */
export function metricsqlFeature(text: string): string | undefined {
  for (const m of text.matchAll(CALL)) {
    const name = m[1]!.toLowerCase();
    if (FUNCTIONS.has(name)) return `${name}()`;
  }
  for (const [re, what] of KEYWORDS) if (re.test(text)) return what;
  return undefined;
}
