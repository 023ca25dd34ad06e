import { dash, promDash, type RuleTable } from '../fragment';

export const table: RuleTable = {
  rule: 'dashboard/unused-variable',
  cases: [
    { name: 'never referenced', input: dash({ templating: { list: [{ name: 'operator', type: 'custom', query: 'a,b' }] } }), expect: [['warning', '/templating/list/0/name', 'variable "operator" is defined but never used']] },
    { name: 'used in a query', input: { ...promDash('up{job="$job"}'), templating: { list: [{ name: 'job', type: 'custom', query: 'a,b' }] } }, expect: [] },
    { name: 'ad hoc filters apply implicitly', input: dash({ templating: { list: [{ name: 'filters', type: 'adhoc' }] } }), expect: [] },
  ],
};
