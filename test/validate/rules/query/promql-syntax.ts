import { dash, panel, promDash, type RuleTable } from '../fragment';

export const table: RuleTable = {
  rule: 'query/promql-syntax',
  cases: [
    { name: 'unbalanced parenthesis', input: promDash('sum(rate(x_total[$__rate_interval])'), expect: [['error', '/panels/0/targets/0/expr', 'PromQL syntax error at end of query (column 36)', 36]] },
    { name: 'error after a substituted variable keeps its column', input: promDash('sum(rate(x_total[$__rate_interval])) )'), expect: [['error', '/panels/0/targets/0/expr', 'PromQL syntax error at ")" (column 38)', 38]] },
    {
      name: 'datasource type unknown: parsed as PromQL, a warning',
      input: dash({ panels: [panel('timeseries', { targets: [{ refId: 'A', expr: 'sum(x' }] })] }),
      expect: [['warning', '/panels/0/targets/0/expr', 'PromQL syntax error at end of query (column 6); datasource type unknown, parsed as PromQL', 6]],
    },
    { name: 'variables in ranges and label values', input: promDash('sum by (job) (rate(x_total{job=~"$job"}[$__rate_interval]))'), expect: [] },
  ],
};
