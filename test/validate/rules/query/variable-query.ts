import { dash, LOKI, varDash, type RuleTable } from '../fragment';

const Q = '/templating/list/0/query';

export const table: RuleTable = {
  rule: 'query/variable-query',
  cases: [
    {
      name: 'a space before the closing parenthesis: not label_values() to Grafana',
      input: varDash('label_values(up, job )'),
      expect: [['error', Q, 'not a label_values() query Grafana reads (label_values(label) or label_values(series selector, label), on one line, nothing between the last argument and ")"): it sends the whole text to /api/v1/series as a series selector, which Prometheus refuses', 1]],
    },
    {
      name: 'a query_result() over two lines',
      input: varDash('query_result(sum by (job)\n(up))'),
      expect: [['error', Q, 'not a query_result() query Grafana reads (query_result(expression), on one line, nothing between the last argument and ")"): it sends the whole text to /api/v1/series as a series selector, which Prometheus refuses', 1]],
    },
    { name: 'label_values() without a label', input: varDash('label_values()'), expect: [['error', Q, 'label_values() without an argument: Grafana returns no values', 1]] },
    {
      name: 'label_values() over an expression',
      input: varDash('label_values(sum by (job) (up), job)'),
      expect: [['error', Q, 'label_values() takes a series selector (metric{label="value"}), not an expression: Prometheus refuses "sum by (job) (up)" as match[]', 14]],
    },
    {
      name: 'a series query that is an expression, in the object form',
      input: varDash({ qryType: 4, query: 'rate(up[5m])', refId: 'PrometheusVariableQueryEditor-VariableQuery' }),
      expect: [['error', `${Q}/query`, 'a query variable without a function is a series selector (metric{label="value"}), not an expression: Prometheus refuses "rate(up[5m])" as match[]; use query_result(...) for the values of an expression', 1]],
    },
    { name: 'a metrics() regex that does not compile', input: varDash('metrics(node_(cpu|memory)'), expect: [['error', Q, 'metrics() regex "node_(cpu|memory" does not compile: missing closing ): `node_(cpu|memory`', 9]] },
    {
      name: 'datasource type unknown: read as Prometheus, a warning',
      input: dash({ templating: { list: [{ name: 'v', type: 'query', query: 'label_values()' }] } }),
      expect: [['warning', Q, 'label_values() without an argument: Grafana returns no values; datasource type unknown, read as Prometheus', 1]],
    },
    {
      name: 'a Loki variable query of a Prometheus form',
      input: dash({ templating: { list: [{ name: 'v', type: 'query', datasource: LOKI, query: 'query_result(count_over_time({job="x"}[5m]))' }] } }),
      expect: [['error', Q, "not a Loki variable query (label_names() or label_values([stream selector,] label)): Grafana's Loki datasource lists label names instead", 1]],
    },
    { name: 'label_values with a selector, a variable as the label', input: varDash('label_values(up{job=~"$job"}, $label)'), expect: [] },
    { name: 'label_values of a label, a blank {} filter', input: varDash('label_values({}, job)'), expect: [] },
    { name: 'label_names(), label_names(re), metrics(re) with lookahead (JavaScript runs it)', input: dash({ templating: { list: ['label_names()', 'label_names(node_)', 'metrics(^(?!go_).*)'].map((query, i) => ({ name: `v${i}`, type: 'query', datasource: { type: 'prometheus', uid: 'p' }, query })) } }), expect: [] },
    { name: 'query_result of an expression, a series selector', input: dash({ templating: { list: ['query_result(topk(5, sum by (job) (rate(up[5m]))))', 'up{job="x"}'].map((query, i) => ({ name: `v${i}`, type: 'query', datasource: { type: 'prometheus', uid: 'p' }, query })) } }), expect: [] },
    { name: 'a Loki label_values with a stream selector', input: dash({ templating: { list: [{ name: 'v', type: 'query', datasource: LOKI, query: 'label_values({job="x"}, level)' }] } }), expect: [] },
    { name: 'a SQL query on another datasource', input: dash({ templating: { list: [{ name: 'v', type: 'query', datasource: { type: 'grafana-clickhouse-datasource', uid: 'c' }, query: 'label_values(SELECT 1)' }] } }), expect: [] },
  ],
};
