import type { RuleTable } from '../fragment';

export const table: RuleTable = {
  rule: 'json/encoding',
  cases: [
    { name: 'a Latin-1 byte', input: Buffer.from('{\n  "title": "T\xe9st"\n}', 'latin1'), expect: [['error', '', 'file is not valid UTF-8 (first invalid byte here)']] },
    { name: 'UTF-8 text', input: Buffer.from('{"title": "Tëst"}', 'utf8'), expect: [] },
  ],
};
