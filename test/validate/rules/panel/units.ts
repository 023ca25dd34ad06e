import { promDash, type RuleTable } from '../fragment';

export const table: RuleTable = {
  rule: 'panel/units',
  cases: [
    {
      name: 'bytes without a unit',
      input: promDash('max by (target) (offline_bundle_size_bytes{quantile="0.5"})'),
      catalogue: true,
      expect: [['warning', '/panels/0/fieldConfig/defaults/unit', 'panel "P" shows bytes (query A) but sets no unit; use "bytes"']],
    },
    { name: 'seconds by the metric name, no catalogue', input: promDash('avg(process_cpu_seconds)'), expect: [['warning', '/panels/0/fieldConfig/defaults/unit', 'panel "P" shows seconds (query A) but sets no unit; use "s"']] },
    { name: 'bytes with a unit', catalogue: true, input: promDash('max(offline_bundle_size_bytes{quantile="0.5"})', { fieldConfig: { defaults: { unit: 'bytes' } } }), expect: [] },
  ],
};
