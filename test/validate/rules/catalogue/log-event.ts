import { lokiDash, type RuleTable } from '../fragment';

const E = '/panels/0/targets/0/expr';

export const table: RuleTable = {
  rule: 'catalogue/log-event',
  cases: [
    { name: 'misspelt event', input: lokiDash('{service_name="compile-pipeline"} | json | event="verify.blocks"'), expect: [['error', E, 'unknown log event "verify.blocks"; did you mean "verify.block"? (events: "compile.end", "compile.start", "evidence.collected", "executor.retry", "reviewbot.feedback", "verify.block")', 50]] },
    { name: 'regex matching no event', input: lokiDash('{service_name="compile-pipeline"} | json | event=~"deploy.*"'), expect: [['error', E, 'regex event=~"deploy.*" matches no log event (events: "compile.end", "compile.start", "evidence.collected", "executor.retry", "reviewbot.feedback", "verify.block")', 51]] },
    { name: 'known event', input: lokiDash('{service_name="compile-pipeline"} | json | event="verify.block"'), expect: [] },
  ],
};
