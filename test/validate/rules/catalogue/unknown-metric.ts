import { promDash, type RuleTable } from '../fragment';

const E = '/panels/0/targets/0/expr';

export const table: RuleTable = {
  rule: 'catalogue/unknown-metric',
  cases: [
    { name: 'misspelt metric', input: promDash('sum(rate(compile_sucess_total[$__rate_interval]))'), expect: [['error', E, 'unknown metric "compile_sucess_total"; did you mean "compile_success_total"?', 10]] },
    { name: 'bare histogram name', input: promDash('sum(rate(pipeline_latency_seconds[$__rate_interval]))'), expect: [['error', E, '"pipeline_latency_seconds" is a histogram: select its series pipeline_latency_seconds_bucket, pipeline_latency_seconds_sum or pipeline_latency_seconds_count', 10]] },
    { name: 'catalogue metric, histogram series and up', input: promDash('sum(rate(compile_success_total[$__rate_interval])) / sum(rate(pipeline_latency_seconds_count[$__rate_interval])) * on() group_left up'), expect: [] },
    { name: 'metric name from a variable', input: promDash('sum(rate(${metric}[$__rate_interval]))'), expect: [] },
  ],
};
