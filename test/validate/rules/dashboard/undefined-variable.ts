import { dash, panel, promDash, type RuleTable } from '../fragment';

export const table: RuleTable = {
  rule: 'dashboard/undefined-variable',
  cases: [
    { name: 'in a query', input: promDash('sum(up{region=~"$region"})'), expect: [['error', '/panels/0/targets/0/expr', 'variable "region" is used in expr but not defined in templating', 17]] },
    { name: 'in a panel repeat', input: dash({ panels: [panel('stat', { repeat: 'host' })] }), expect: [['error', '/panels/0/repeat', 'panel repeats over variable "host", which is not defined']] },
    {
      name: 'in the query of another variable',
      input: dash({ templating: { list: [{ name: 'job', type: 'query', query: 'label_values(up{env="$env"}, job)' }] } }),
      expect: [['error', '/templating/list/0/query', 'variable "env" is used in the query of variable "job" but not defined']],
    },
    {
      name: 'an expression naming a query the panel lacks',
      input: dash({ panels: [panel('stat', { targets: [{ refId: 'A', expr: 'up', datasource: { type: 'prometheus', uid: 'p' } }, { refId: 'B', datasource: { type: '__expr__', uid: '__expr__' }, type: 'math', expression: '$A / $C' }] })] }),
      expect: [['error', '/panels/0/targets/1/expression', 'expression uses $C, but the panel has no query with refId "C"']],
    },
    {
      name: "another plugin's $macros are its own, ${name} is a variable",
      input: dash({ panels: [panel('table', { targets: [{ refId: 'A', datasource: { type: 'vertamedia-clickhouse-datasource', uid: 'ch' }, query: 'SELECT $timeSeries FROM t WHERE $conditionalTest(x, ${region})' }] })] }),
      expect: [['error', '/panels/0/targets/0/query', 'variable "region" is used in query but not defined in templating']],
    },
    { name: '$1 in label_replace is a capture group', input: promDash('label_replace(up, "b", "$1", "job", "(.*)")'), expect: [] },
    { name: 'built-ins', input: promDash('sum(rate(x_total[$__rate_interval])) / $__range_s'), expect: [] },
  ],
};
