import { lokiDash, promDash, type RuleTable } from '../fragment';

const chain = (n: number, op: string): string => Array(n).fill('up').join(` ${op} `);

export const table: RuleTable = {
  rule: 'query/too-complex',
  cases: [
    {
      name: '5,000 terms of valid PromQL',
      input: promDash(chain(5000, '+')),
      expect: [['error', '/panels/0/targets/0/expr', 'query too complex to check: more than 400 operators (column 2004); split it or simplify it', 2004]],
    },
    {
      name: '1,001 nested parentheses',
      input: promDash(`${'('.repeat(1001)}up${')'.repeat(1001)}`),
      expect: [['error', '/panels/0/targets/0/expr', 'query too complex to check: nested more than 1000 parentheses deep (column 1001); split it or simplify it', 1001]],
    },
    {
      name: 'LogQL metric query with 401 additions',
      input: lokiDash(`sum(count_over_time({job="a"}[5m])) ${'+ 1 '.repeat(401)}`),
      expect: [['error', '/panels/0/targets/0/expr', 'query too complex to check: more than 400 operators (column 1637); split it or simplify it', 1637]],
    },
    { name: '400 operators are still parsed and checked', input: promDash(chain(401, 'and')), expect: [] },
    { name: 'operators inside strings do not count', input: promDash(`up{job=~"${'a+'.repeat(500)}"}`), expect: [] },
  ],
};
