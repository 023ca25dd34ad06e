import { dash, panel, promDash, varDash, type Json, type RuleTable } from '../fragment';

/** The dashboard with these template variables. */
const withVars = (d: Json, ...list: Json[]): Json => ({ ...d, templating: { list } });

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
    {
      name: 'each option is tried: the one that breaks the query is named, at its reference',
      input: withVars(promDash('sum($fn(x_total[5m]))'), { name: 'fn', type: 'custom', query: 'rate,irate,foo bar', current: { value: 'rate' } }),
      expect: [['error', '/panels/0/targets/0/expr', 'with $fn = "foo bar" the query does not parse: PromQL syntax error at "bar(" (column 5)', 5]],
    },
    {
      name: 'an interval option that is no duration',
      input: withVars(promDash('sum(rate(x_total[$window]))'), { name: 'window', type: 'interval', query: '1m,5m,$$', current: { value: '1m' } }),
      expect: [['error', '/panels/0/targets/0/expr', 'with $window = "$$" the query does not parse: PromQL syntax error at "$$" (column 18)', 18]],
    },
    {
      name: 'the current value fails, another parses: the message names the current one',
      input: withVars(promDash('sum(a) $op sum(b)'), { name: 'op', type: 'custom', query: 'xor,or', current: { value: 'xor' } }),
      expect: [['error', '/panels/0/targets/0/expr', 'with $op = "xor" the query does not parse: PromQL syntax error at "xor" (column 8)', 8]],
    },
    {
      name: 'values longer than the reference (an operator and a number) are sent as Grafana sends them, and parse',
      input: withVars(promDash('sum(x) $cmp'), { name: 'cmp', type: 'custom', query: '> 0,< 1', current: { value: '> 0' } }),
      expect: [],
    },
    {
      name: 'negative numbers from "text : value" options, and an interval after a negative offset',
      input: withVars(promDash('x > $m and x offset -$w'), { name: 'm', type: 'custom', query: 'native : -1,classic : 1', current: { value: '-1' } }, { name: 'w', type: 'interval', query: '1m,1h' }),
      expect: [],
    },
    {
      name: 'a multi-value variable selects several values: Grafana writes (a|b), which a grouping cannot take',
      input: withVars(promDash('sum by ($label) (x)'), { name: 'label', type: 'custom', query: 'job,instance', multi: true, current: { value: ['job'] } }),
      expect: [['error', '/panels/0/targets/0/expr', 'with $label = "job" + "instance" the query does not parse: PromQL syntax error at "(" (column 9)', 9]],
    },
    {
      name: 'All in a regex matcher: regex-escaped alternation inside the string parses',
      input: withVars(promDash('sum(x{job=~"$job"})'), { name: 'job', type: 'custom', query: 'a.b,c', multi: true, includeAll: true, current: { value: ['$__all'] } }),
      expect: [],
    },
    {
      name: 'a value with a quote breaks the string it is put in',
      input: withVars(promDash('sum(x{job="$job"})'), { name: 'job', type: 'textbox', query: 'a"b' }),
      expect: [['error', '/panels/0/targets/0/expr', 'with $job = "a\\"b" the query does not parse: PromQL syntax error at "b" (column 12)', 12]],
    },
    {
      name: 'values are quoted JSON-escaped (no control characters) and cut at 40 characters',
      input: withVars(promDash('sum($fn(x_total[5m]))'), { name: 'fn', type: 'custom', query: `rate,bad\u001b[31m x,${'y'.repeat(60)} z`, current: { value: 'rate' } }),
      expect: [['error', '/panels/0/targets/0/expr', `with $fn = "bad\\u001b[31m x" or "${'y'.repeat(39)}…" the query does not parse: PromQL syntax error at "\\u001b" (column 5)`, 5]],
    },
    {
      name: 'a custom option naming another variable (Grafana fills it in first) is not tried',
      input: withVars(promDash('sum($fn(x_total[5m]))'), { name: 'fn', type: 'custom', query: 'rate,$other', current: { value: 'rate' } }, { name: 'other', type: 'query', datasource: { type: 'prometheus', uid: 'p' }, query: 'label_values(fn)' }),
      expect: [],
    },
    {
      name: 'within the bound (2 × 2 values) every combination is tried',
      input: withVars(promDash('$a($c) + $a(y)'), { name: 'a', type: 'custom', query: 'sum,min', current: { value: 'sum' } }, { name: 'c', type: 'custom', query: 'x,bad one', current: { value: 'x' } }),
      expect: [['error', '/panels/0/targets/0/expr', 'with $c = "bad one" the query does not parse: PromQL syntax error at "one" (column 4)', 4]],
    },
    {
      name: 'past the bound (7 × 6 × 8 values): one variable at a time, 16 parses; the 8th option of $c is not tried',
      input: withVars(
        promDash('$a($b($c))'),
        { name: 'a', type: 'custom', query: 'sum,min,max,avg,count,stddev,stdvar', current: { value: 'sum' } },
        { name: 'b', type: 'custom', query: 'sum,min,max,avg,count,stddev', current: { value: 'sum' } },
        { name: 'c', type: 'custom', query: 'x,y,z,w,v,u,t,bad one', current: { value: 'x' } },
      ),
      expect: [],
    },
    {
      name: 'every value fails: the message of the parse with the current values',
      input: withVars(promDash('$a($c) $a'), { name: 'a', type: 'custom', query: 'sum,min', current: { value: 'sum' } }, { name: 'c', type: 'custom', query: 'x,y', current: { value: 'x' } }),
      expect: [['error', '/panels/0/targets/0/expr', 'PromQL syntax error at "(" (column 3), 3 more with $a = "sum", $c = "x"', 3]],
    },
    { name: 'negative offset by $__interval', input: promDash('sum(rate(x_total[5m] offset -$__interval))'), expect: [] },
    { name: 'a number variable in topk', input: { ...promDash('topk($k, x)'), templating: { list: [{ name: 'k', type: 'textbox', query: '5' }] } }, expect: [] },
    { name: 'variables in ranges and label values', input: promDash('sum by (job) (rate(x_total{job=~"$job"}[$__rate_interval]))'), expect: [] },
    { name: 'a syntax error in a query_result() variable', input: varDash('query_result(sum(up)'), expect: [['error', '/templating/list/0/query', 'PromQL syntax error at end of query (column 21)', 21]] },
    { name: 'a syntax error in a label_values() selector', input: varDash('label_values(up{job="x"}}, instance)'), expect: [['error', '/templating/list/0/query', 'PromQL syntax error at "}" (column 25)', 25]] },
  ],
};
