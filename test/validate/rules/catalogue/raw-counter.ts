import { promDash, dash, PROM, type RuleTable } from '../fragment';

const E = '/panels/0/targets/0/expr';

export const table: RuleTable = {
  rule: 'catalogue/raw-counter',
  cases: [
    { name: 'raw counter', input: promDash('sum by (backend) (compile_success_total)'), expect: [['error', E, 'counter "compile_success_total" is graphed raw: it only grows and resets on restart; use rate(compile_success_total[$__rate_interval]) or increase()', 19]] },
    { name: 'raw histogram bucket', input: promDash('pipeline_latency_seconds_bucket'), expect: [['error', E, 'counter "pipeline_latency_seconds_bucket" is graphed raw: it only grows and resets on restart; use rate(pipeline_latency_seconds_bucket[$__rate_interval]) or increase()', 1]] },
    { name: 'count() of counter series', input: promDash('count(compile_success_total)'), expect: [] },
    { name: 'rate of a counter, raw gauge', input: promDash('sum(rate(compile_success_total[$__rate_interval])) / sum(registry_backends)'), expect: [] },
    { name: 'a counter in variable queries: listed, not graphed', input: dash({ templating: { list: ['label_values(compile_success_total, backend)', 'query_result(compile_success_total > 0)'].map((query, i) => ({ name: `v${i}`, type: 'query', datasource: PROM, query })) } }), expect: [] },
  ],
};
