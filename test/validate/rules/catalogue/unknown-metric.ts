import { promDash, dash, PROM, varDash, type RuleTable } from '../fragment';

const E = '/panels/0/targets/0/expr';

export const table: RuleTable = {
  rule: 'catalogue/unknown-metric',
  cases: [
    { name: 'misspelt metric', input: promDash('sum(rate(compile_sucess_total[$__rate_interval]))'), expect: [['error', E, 'unknown metric "compile_sucess_total"; did you mean "compile_success_total"?', 10]] },
    { name: 'bare histogram name', input: promDash('sum(rate(pipeline_latency_seconds[$__rate_interval]))'), expect: [['error', E, '"pipeline_latency_seconds" is a histogram: select its series pipeline_latency_seconds_bucket, pipeline_latency_seconds_sum or pipeline_latency_seconds_count', 10]] },
    { name: 'catalogue metric, histogram series and up', input: promDash('sum(rate(compile_success_total[$__rate_interval])) / sum(rate(pipeline_latency_seconds_count[$__rate_interval])) * on() group_left up'), expect: [] },
    { name: 'metric name from a variable', input: promDash('sum(rate(${metric}[$__rate_interval]))'), expect: [] },
    { name: 'misspelt metric in a label_values() variable', input: varDash('label_values(compile_sucess_total, environment)'), expect: [['error', '/templating/list/0/query', 'unknown metric "compile_sucess_total"; did you mean "compile_success_total"?', 14]] },
    { name: 'misspelt metric in query_result(), object form', input: varDash({ qryType: 3, query: 'query_result(sum by (backend) (compile_sucess_total))', refId: 'A' }), expect: [['error', '/templating/list/0/query/query', 'unknown metric "compile_sucess_total"; did you mean "compile_success_total"?', 32]] },
    { name: 'a metrics() regex no catalogue metric matches', input: varDash('metrics(compile_sucess_total)'), expect: [['error', '/templating/list/0/query', 'metrics("compile_sucess_total") matches no metric of the catalogue; did you mean "compile_success_total"?', 9]] },
    { name: 'metrics() and label_names() regexes that match', input: dash({ templating: { list: ['metrics(^compile_)', 'label_names(success)'].map((query, i) => ({ name: `v${i}`, type: 'query', datasource: PROM, query })) } }), expect: [] },
  ],
};
