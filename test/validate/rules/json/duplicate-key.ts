import type { RuleTable } from '../fragment';

export const table: RuleTable = {
  rule: 'json/duplicate-key',
  cases: [
    {
      name: 'repeated keys, top level and in a panel',
      input: '{\n  "uid": "a",\n  "title": "T",\n  "panels": [{"id": 1, "id": 2}],\n  "uid": "b"\n}',
      expect: [
        ['error', '/panels/0/id', 'duplicate key "id" (first at line 4:15); the last value wins silently'],
        ['error', '/uid', 'duplicate key "uid" (first at line 2:3); the last value wins silently'],
      ],
    },
    { name: 'same key in different objects', input: '{"title": "T", "panels": [{"id": 1}, {"id": 2}]}', expect: [] },
  ],
};
