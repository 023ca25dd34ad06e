import { promDash, dash, PROM, varDash, type RuleTable } from '../fragment';

const E = '/panels/0/targets/0/expr';

export const table: RuleTable = {
  rule: 'catalogue/unknown-label',
  cases: [
    { name: 'misspelt label', input: promDash('sum(registry_missing_binaries{regoin="eu-central"})'), expect: [['error', E, 'metric "registry_missing_binaries" has no label "regoin" (labels: "environment", "host_region", "backend")', 31]] },
    { name: 'le on a gauge', input: promDash('sum(registry_missing_binaries{le="1"})'), expect: [['error', E, '"le" exists only on histogram _bucket series, not on "registry_missing_binaries"', 31]] },
    { name: 'quantile on a counter', input: promDash('sum(rate(compile_success_total{quantile="0.5"}[$__rate_interval]))'), expect: [['error', E, '"quantile" exists only on summary quantile series, not on "compile_success_total"', 32]] },
    { name: 'group by a label no selected metric has', input: promDash('sum by (operator) (registry_missing_binaries)'), expect: [['error', E, 'sum by (operator): no selected metric has label "operator" (they have "environment", "host_region", "backend")', 9]] },
    { name: 'job and instance target labels', input: promDash('sum by (job) (registry_missing_binaries{job="pipeline", instance=~".+"})'), expect: [] },
    { name: 'label made by label_replace', input: promDash('sum by (b) (label_replace(registry_missing_binaries, "b", "$1", "backend", "(.*)"))'), expect: [] },
    { name: 'label_values() of a label the metric does not have', input: varDash('label_values(compile_success_total, envirnoment)'), expect: [['error', '/templating/list/0/query', 'label_values(): metric "compile_success_total" has no label "envirnoment"; did you mean "environment"? (labels: "environment", "host_region", "backend")', 37]] },
    { name: 'label_values(label) of a label no metric has', input: varDash('label_values(envirnoment)'), expect: [['error', '/templating/list/0/query', 'label_values(): no metric of the catalogue has label "envirnoment"; did you mean "environment"?', 14]] },
    { name: 'a misspelt matcher label in a label_values() selector', input: varDash('label_values(compile_success_total{envirnoment=~"$environment"}, backend)'), expect: [['error', '/templating/list/0/query', 'metric "compile_success_total" has no label "envirnoment"; did you mean "environment"? (labels: "environment", "host_region", "backend")', 36]] },
    { name: 'label_values() of catalogue labels, job and a variable label', input: dash({ templating: { list: ['label_values(compile_success_total{environment=~"$environment"}, backend)', 'label_values(environment)', 'label_values(job)', 'label_values(compile_success_total, $label)'].map((query, i) => ({ name: `v${i}`, type: 'query', datasource: PROM, query })) } }), expect: [] },
  ],
};
