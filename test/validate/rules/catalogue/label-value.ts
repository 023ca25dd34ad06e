import { promDash, varDash, type RuleTable } from '../fragment';

const E = '/panels/0/targets/0/expr';

export const table: RuleTable = {
  rule: 'catalogue/label-value',
  cases: [
    { name: 'value outside a closed set', input: promDash('sum(registry_missing_binaries{environment="staging"})'), expect: [['error', E, 'label environment="staging" is outside its closed value set "online", "offline"', 43]] },
    { name: 'value not matching an open label pattern', input: promDash('sum(registry_missing_binaries{host_region="EU Central"})'), expect: [['error', E, 'label host_region="EU Central" does not match the label\'s pattern ^[a-z0-9]+(-[a-z0-9]+)*$', 43]] },
    { name: 'regex matching no closed value', input: promDash('sum(registry_backends{maturity=~"beta|alpha"})'), expect: [['error', E, 'regex maturity=~"beta|alpha" matches none of the allowed values "experimental", "preview", "stable", "deprecated"', 33]] },
    { name: 'regex matching an allowed value', input: promDash('sum(registry_backends{maturity=~"stable|preview"})'), expect: [] },
    { name: 'variable in a closed label', input: promDash('sum(registry_backends{maturity="$maturity"})'), expect: [] },
    { name: 'a closed label value in a label_values() selector', input: varDash('label_values(compile_success_total{environment="staging"}, backend)'), expect: [['error', '/templating/list/0/query', 'label environment="staging" is outside its closed value set "online", "offline"', 48]] },
  ],
};
