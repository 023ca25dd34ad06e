import { dash, panel, promDash, type RuleTable } from '../fragment';

const E = '/panels/0/targets/0/expr';

export const table: RuleTable = {
  rule: 'query/metricsql',
  cases: [
    { name: 'a MetricsQL function', input: promDash('topk_max(5, sum(rate(x_total[5m])) by (job))'), expect: [['warning', E, 'MetricsQL, not PromQL (uses topk_max()): VictoriaMetrics runs it, Prometheus rejects it', 9]] },
    { name: 'the default operator', input: promDash('sum(rate(x_total[5m])) default 0'), expect: [['warning', E, 'MetricsQL, not PromQL (uses the "default" operator): VictoriaMetrics runs it, Prometheus rejects it', 24]] },
    { name: 'PromQL', input: promDash('topk(5, sum(rate(x_total[5m])) by (job))'), expect: [] },
    { name: 'datasource type unknown: not judged', input: dash({ panels: [panel('timeseries', { targets: [{ refId: 'A', expr: 'topk_max(5, x)' }] })] }), expect: [] },
  ],
};
