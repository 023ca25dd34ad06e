import { lokiDash, dash, LOKI, type RuleTable } from '../fragment';

const E = '/panels/0/targets/0/expr';

export const table: RuleTable = {
  rule: 'catalogue/log-stream-label',
  cases: [
    { name: 'unknown stream label', input: lokiDash('{service="compile-pipeline"} | json'), expect: [['error', E, 'unknown Loki stream label "service" (stream labels: "environment", "host_region", "service_name")', 2]] },
    { name: 'JSON field used as a stream label', input: lokiDash('{service_name="compile-pipeline", backend="cuda"} | json'), expect: [['error', E, 'unknown Loki stream label "backend" ("backend" is a JSON field: filter it after | json) (stream labels: "environment", "host_region", "service_name")', 35]] },
    { name: 'value outside the stream label values', input: lokiDash('{service_name="compile-pipeline", environment="staging"} | json'), expect: [['error', E, 'stream label environment="staging" is outside its values "online", "offline"', 47]] },
    { name: 'catalogue stream labels, a variable value', input: lokiDash('{service_name="compile-pipeline", environment=~"$environment"} | json'), expect: [] },
    { name: 'a Loki label_values() variable of an unknown stream label', input: dash({ templating: { list: [{ name: 'v', type: 'query', datasource: LOKI, query: 'label_values({service="compile-pipeline"}, envirnoment)' }] } }), expect: [['error', '/templating/list/0/query', 'unknown Loki stream label "service" (stream labels: "environment", "host_region", "service_name")', 15], ['error', '/templating/list/0/query', 'label_values(): unknown Loki stream label "envirnoment"; did you mean "environment"? (stream labels: "environment", "host_region", "service_name")', 44]] },
    { name: "Loki's object form: stream and label fields", input: dash({ templating: { list: [{ name: 'v', type: 'query', datasource: LOKI, query: { type: 1, label: 'host_regoin', stream: '{service_name="compile-pipeline"}' } }] } }), expect: [['error', '/templating/list/0/query/label', 'label_values(): unknown Loki stream label "host_regoin"; did you mean "host_region"? (stream labels: "environment", "host_region", "service_name")']] },
  ],
};
