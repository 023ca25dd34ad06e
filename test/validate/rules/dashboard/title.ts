import { dash, type RuleTable } from '../fragment';

export const table: RuleTable = {
  rule: 'dashboard/title',
  cases: [
    { name: 'blank title', input: dash({ title: ' ' }), expect: [['error', '/title', 'dashboard has no title']] },
    { name: 'missing title', input: dash({ title: undefined }), expect: [['error', '/title', 'dashboard has no title']] },
    { name: 'titled', input: dash(), expect: [] },
  ],
};
