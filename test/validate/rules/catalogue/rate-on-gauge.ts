import { promDash, type RuleTable } from '../fragment';

const E = '/panels/0/targets/0/expr';

export const table: RuleTable = {
  rule: 'catalogue/rate-on-gauge',
  cases: [
    { name: 'rate of a gauge', input: promDash('max(rate(verification_block_rate[$__rate_interval]))'), expect: [['error', E, 'rate() over gauge "verification_block_rate": gauges go up and down, use the value directly or deriv()/delta()/avg_over_time()', 5]] },
    { name: 'rate of summary quantiles', input: promDash('max(rate(offline_bundle_size_bytes{quantile="0.5"}[$__rate_interval]))'), expect: [['error', E, 'rate() over summary quantiles "offline_bundle_size_bytes": quantiles are gauges; use offline_bundle_size_bytes_sum/offline_bundle_size_bytes_count for rates', 5]] },
    { name: 'rate of a counter and of a summary _count', input: promDash('sum(rate(compile_success_total[$__rate_interval])) + sum(rate(offline_bundle_size_bytes_count[$__rate_interval]))'), expect: [] },
    { name: 'deriv of a gauge', input: promDash('deriv(verification_block_rate[$__rate_interval])'), expect: [] },
  ],
};
