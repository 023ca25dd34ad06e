import { lokiDash, type RuleTable } from '../fragment';

const E = '/panels/0/targets/0/expr';
const S = '{service_name="compile-pipeline"}';

export const table: RuleTable = {
  rule: 'catalogue/log-field',
  cases: [
    { name: 'field of another event', input: lokiDash(`${S} | json | event="verify.block" | exit_code != 0`), expect: [['error', E, 'unknown field "exit_code" for event "verify.block"', 67]] },
    { name: 'closed field value', input: lokiDash(`${S} | json | event="verify.block" | checker="coverity"`), expect: [['error', E, 'field checker="coverity" is outside its values "frama-c", "cbmc", "fuzzer", "reviewbot"', 75]] },
    { name: 'field filtered before a parser', input: lokiDash(`${S} | checker="cbmc"`), expect: [['error', E, '"checker" is filtered before any parser stage: it is a JSON field, not a stream label; add | json before it', 37]] },
    { name: 'label created by json extraction', input: lokiDash(`${S} | json chk="checker" | chk="cbmc"`), expect: [] },
    { name: 'field of the selected event', input: lokiDash(`${S} | json | event="verify.block" | checker="cbmc"`), expect: [] },
    {
      name: 'evidence lines formatted without their provenance id',
      input: lokiDash(`${S} | json | event="evidence.collected" | line_format "{{.trace_id}} {{.evidence_kind}}"`),
      expect: [['error', E, 'line_format of event "evidence.collected" drops "provenance_id": these lines must show the ids that link them to their span and artefact record', 85]],
    },
    {
      name: 'evidence lines formatted without trace_id or evidence kind',
      input: lokiDash(`${S} | json | event="evidence.collected" | line_format "{{.provenance_id}}"`),
      expect: [['error', E, 'line_format of event "evidence.collected" drops "evidence_kind", "trace_id": these lines must show the ids that link them to their span and artefact record', 85]],
    },
    {
      name: 'evidence lines keeping provenance_id, evidence_kind and trace_id',
      input: lokiDash(`${S} | json | event="evidence.collected" | line_format "{{.provenance_id}} {{.evidence_kind}} {{.trace_id}}"`),
      expect: [],
    },
  ],
};
