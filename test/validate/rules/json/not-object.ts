import type { RuleTable } from '../fragment';

export const table: RuleTable = {
  rule: 'json/not-object',
  cases: [
    { name: 'array', input: '[]', expect: [['error', '', 'a dashboard must be a JSON object, got an array']] },
    { name: 'null', input: 'null', expect: [['error', '', 'a dashboard must be a JSON object, got null']] },
    { name: 'number', input: '42', expect: [['error', '', 'a dashboard must be a JSON object, got number']] },
    { name: 'object', input: '{}', expect: [] },
  ],
};
