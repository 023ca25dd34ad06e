import { dash, panel, promDash, varDash, type RuleTable } from '../fragment';

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
    { name: 'an aggregation over a range vector (Prometheus type-checks it)', input: promDash('sum(x_total[$__range])'), expect: [['error', '/panels/0/targets/0/expr', 'PromQL type error: sum() expects an instant vector, got a range vector (column 5)', 5]] },
    {
      name: 'a custom variable used as an operator, substituted by its value',
      input: { ...promDash('sum(a) $op sum(b)'), templating: { list: [{ name: 'op', type: 'custom', query: 'or,unless', current: { value: 'or' } }] } },
      expect: [],
    },
    {
      name: 'the failing value is named',
      input: { ...promDash('sum(a) $op sum(b)'), templating: { list: [{ name: 'op', type: 'custom', query: 'xor', current: { value: 'xor' } }] } },
      expect: [['error', '/panels/0/targets/0/expr', 'PromQL syntax error at "xor" (column 8), 2 more with $op = "xor"', 8]],
    },
    { name: 'negative offset by $__interval', input: promDash('sum(rate(x_total[5m] offset -$__interval))'), expect: [] },
    { name: 'a number variable in topk', input: { ...promDash('topk($k, x)'), templating: { list: [{ name: 'k', type: 'textbox', query: '5' }] } }, expect: [] },
    { name: 'variables in ranges and label values', input: promDash('sum by (job) (rate(x_total{job=~"$job"}[$__rate_interval]))'), expect: [] },
    { name: 'a syntax error in a query_result() variable', input: varDash('query_result(sum(up)'), expect: [['error', '/templating/list/0/query', 'PromQL syntax error at end of query (column 21)', 21]] },
    { name: 'a syntax error in a label_values() selector', input: varDash('label_values(up{job="x"}}, instance)'), expect: [['error', '/templating/list/0/query', 'PromQL syntax error at "}" (column 25)', 25]] },
  ],
};
