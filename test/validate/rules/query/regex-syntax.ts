import { lokiDash, promDash, type RuleTable } from '../fragment';

export const table: RuleTable = {
  rule: 'query/regex-syntax',
  cases: [
    {
      name: 'lookbehind (not RE2)',
      input: promDash('up{job=~"(?<=a)b"}'),
      expect: [['error', '/panels/0/targets/0/expr', 'regex job=~"(?<=a)b" is not valid RE2: invalid named capture: `(?<=a)b`', 9]],
    },
    {
      name: 'repeat count over 1000 in a negative matcher',
      input: promDash('up{job!~"a{1001}"}'),
      expect: [['error', '/panels/0/targets/0/expr', 'regex job!~"a{1001}" is not valid RE2: invalid repeat count: `{1001}`', 9]],
    },
    {
      name: 'LogQL stream selector with a backreference',
      input: lokiDash('{job=~"(a)\\\\1"}'),
      expect: [['error', '/panels/0/targets/0/expr', 'regex job=~"(a)\\1" is not valid RE2: invalid escape sequence: `\\1`', 7]],
    },
    { name: 'nested quantifier: valid RE2, linear there', input: promDash('up{job=~"(a+)+b"}'), expect: [] },
    { name: 'a variable is substituted by Grafana, not judged here', input: promDash('up{job=~"$job"}'), expect: [] },
  ],
};
