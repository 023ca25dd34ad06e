import { lokiDash, type RuleTable } from '../fragment';

export const table: RuleTable = {
  rule: 'query/logql-syntax',
  cases: [
    { name: 'truncated label filter', input: lokiDash('{app="x"} | json | event='), expect: [['error', '/panels/0/targets/0/expr', 'LogQL syntax error at end of query (column 26)', 26]] },
    { name: 'stream selector with a pipeline', input: lokiDash('{app="x"} | json | event="verify.block"'), expect: [] },
  ],
};
