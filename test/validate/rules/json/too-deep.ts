import type { RuleTable } from '../fragment';

export const table: RuleTable = {
  rule: 'json/too-deep',
  cases: [
    { name: '1,001 nested arrays', input: `{"a": ${'['.repeat(1001)}${']'.repeat(1001)}}`, expect: [['error', '', 'nesting deeper than 1000 levels; a dashboard needs far fewer']] },
    { name: '100 nested arrays', input: `{"a": ${'['.repeat(100)}${']'.repeat(100)}}`, expect: [] },
  ],
};
