import { lokiDash, type RuleTable } from '../fragment';

export const table: RuleTable = {
  rule: 'query/logql-syntax',
  cases: [
    { name: 'truncated label filter', input: lokiDash('{app="x"} | json | event='), expect: [['error', '/panels/0/targets/0/expr', 'LogQL syntax error at end of query (column 26)', 26]] },
    {
      name: 'an interval option that is no duration is named',
      input: { ...lokiDash('count_over_time({app="x"}[$window])'), templating: { list: [{ name: 'window', type: 'interval', query: '5m,1 h', current: { value: '5m' } }] } },
      expect: [['error', '/panels/0/targets/0/expr', 'with $window = "1 h" the query does not parse: LogQL syntax error at "1" (column 27)', 27]],
    },
    {
      name: 'a textbox value with a double quote breaks the line filter string',
      input: { ...lokiDash('{app="x"} |= "$word"'), templating: { list: [{ name: 'word', type: 'textbox', query: 'say "hi"' }] } },
      expect: [['error', '/panels/0/targets/0/expr', 'with $word = "say \\"hi\\"" the query does not parse: LogQL syntax error at "hi" (column 15)', 15]],
    },
    {
      name: 'every option of a custom variable in a line filter parses',
      input: { ...lokiDash('{app="x"} |~ "$level"'), templating: { list: [{ name: 'level', type: 'custom', query: 'debug,info,warn,error', multi: true, includeAll: true, current: { value: ['$__all'] } }] } },
      expect: [],
    },
    { name: 'stream selector with a pipeline', input: lokiDash('{app="x"} | json | event="verify.block"'), expect: [] },
  ],
};
