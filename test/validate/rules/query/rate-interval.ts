import { promDash, type RuleTable } from '../fragment';

export const table: RuleTable = {
  rule: 'query/rate-interval',
  cases: [
    {
      name: 'fixed window',
      input: promDash('sum(rate(x_total[5m]))'),
      expect: [['warning', '/panels/0/targets/0/expr', 'rate() window [5m] should be [$__rate_interval]: fixed or $__interval windows break at other zoom levels and scrape intervals', 18]],
    },
    { name: '$__rate_interval', input: promDash('sum(rate(x_total[$__rate_interval]))'), expect: [] },
    { name: '$__range for whole-range totals', input: promDash('sum(increase(x_total[$__range]))'), expect: [] },
    { name: 'braced ${__rate_interval}', input: promDash('sum(rate(x_total[${__rate_interval}]))'), expect: [] },
  ],
};
