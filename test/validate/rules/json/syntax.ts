import type { RuleTable } from '../fragment';

export const table: RuleTable = {
  rule: 'json/syntax',
  cases: [
    { name: 'missing comma', input: '{\n  "title": "T"\n  "uid": "u"\n}', expect: [['error', '', 'malformed JSON: Unexpected token String found.']] },
    { name: 'empty file', input: '', expect: [['error', '', 'malformed JSON: unexpected end of input (the file is cut short)']] },
    { name: 'well-formed', input: '{"title": "T"}', expect: [] },
  ],
};
