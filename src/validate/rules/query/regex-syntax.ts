import type { PromMatcher } from '../../query/promql';
import type { RawFinding, Rule } from '../../types';
import { re2 } from '../util';

/** `error parsing regexp: invalid nested repetition operator: `**`` → the part after the prefix. */
const reason = (error: string): string => error.replace(/^error parsing regexp: /, '');

export const rule: Rule = {
  id: 'query/regex-syntax',
  severity: 'error',
  doc: 'Regex label matchers (=~, !~) of PromQL and LogQL stream selectors are valid RE2, the syntax Prometheus and Loki compile (no lookaround, backreferences or possessive quantifiers); they fail the query otherwise.',
  check(ctx) {
    const out: RawFinding[] = [];
    const check = (m: PromMatcher, exprPointer: string): void => {
      if ((m.op !== '=~' && m.op !== '!~') || m.hasVariable) return;
      const r = re2(m.value);
      if (!r.ok) out.push({ pointer: exprPointer, exprOffset: m.valueFrom, message: `regex ${m.label}${m.op}"${m.value}" is not valid RE2: ${reason(r.error)}` });
    };
    for (const { sel, exprPointer } of ctx.model.selectors()) for (const m of sel.matchers) check(m, exprPointer);
    for (const { pipe, exprPointer } of ctx.model.pipelines()) for (const m of pipe.stream) check(m, exprPointer);
    return out;
  },
};
