import { promDash, type RuleTable } from '../fragment';

export const table: RuleTable = {
  rule: 'query/histogram-quantile',
  cases: [
    {
      name: 'aggregation without le',
      input: promDash('histogram_quantile(0.5, sum by (job) (rate(x_bucket[$__rate_interval])))'),
      expect: [['error', '/panels/0/targets/0/expr', 'histogram_quantile() over sum by (...) without "le": the buckets are summed away; use sum by (le, job)', 25]],
    },
    {
      name: 'over a _count series',
      input: promDash('histogram_quantile(0.9, sum by (le) (rate(x_count[$__rate_interval])))'),
      expect: [['error', '/panels/0/targets/0/expr', 'histogram_quantile() over "x_count", which is not a _bucket series', 43]],
    },
    { name: 'by (le) after the body', input: promDash('histogram_quantile(0.9, sum(rate(x_bucket[$__rate_interval])) by (le))'), expect: [] },
    { name: 'native histogram needs no le', input: promDash('histogram_quantile(0.9, sum(rate(x_seconds[$__rate_interval])))'), expect: [] },
  ],
};
