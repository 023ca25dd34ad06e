import { promDash, varDash, type RuleTable } from '../fragment';

const live = { metrics: { up: 'gauge', compile_success_total: 'counter' }, labels: ['job', 'backend'] };
const E = '/panels/0/targets/0/expr';

export const table: RuleTable = {
  rule: 'prometheus/live',
  cases: [
    {
      name: 'metric and label the server does not have',
      live,
      input: promDash('sum(rate(compile_sucess_total{backnd="cuda"}[$__rate_interval]))'),
      expect: [
        ['error', E, 'metric "compile_sucess_total" is unknown to http://127.0.0.1:9090', 10],
        ['error', E, 'label "backnd" is unknown to http://127.0.0.1:9090', 31],
      ],
    },
    {
      name: 'a misspelt label whose value is a variable',
      live,
      input: promDash('sum(rate(compile_success_total{envirnoment=~"$environment"}[$__rate_interval]))'),
      expect: [['error', E, 'label "envirnoment" is unknown to http://127.0.0.1:9090', 32]],
    },
    { name: 'metric and labels the server has', live, input: promDash('sum(rate(compile_success_total{backend="cuda", job="x"}[$__rate_interval]))'), expect: [] },
    { name: 'no live server given', input: promDash('sum(rate(unknown_metric_total{nope="1"}[$__rate_interval]))'), expect: [] },
    { name: 'label_values() of a label the server does not have', live, input: varDash('label_values(compile_success_total{envirnoment=~"$environment"}, backnd)'), expect: [['error', '/templating/list/0/query', 'label "envirnoment" is unknown to http://127.0.0.1:9090', 36], ['error', '/templating/list/0/query', 'label_values(): label "backnd" is unknown to http://127.0.0.1:9090', 66]] },
  ],
};
