import { promDash, type RuleTable } from '../fragment';

export const table: RuleTable = {
  rule: 'query/rate-interval',
  cases: [
    {
      name: 'fixed window: works, style only',
      input: promDash('sum(rate(x_total[5m]))'),
      expect: [['info', '/panels/0/targets/0/expr', 'rate() window [5m] is fixed; [$__rate_interval] follows the zoom and never drops below the scrape interval', 18]],
    },
    {
      name: '$__interval window',
      input: promDash('sum(rate(x_total[$__interval]))'),
      expect: [['warning', '/panels/0/targets/0/expr', 'rate() window [$__interval] follows $__interval, which drops below two scrape intervals when zoomed in (the graph goes empty); use [$__rate_interval]', 18]],
    },
    { name: '$__rate_interval', input: promDash('sum(rate(x_total[$__rate_interval]))'), expect: [] },
    { name: '$__range for whole-range totals', input: promDash('sum(increase(x_total[$__range]))'), expect: [] },
    { name: 'braced ${__rate_interval}', input: promDash('sum(rate(x_total[${__rate_interval}]))'), expect: [] },
  ],
};
