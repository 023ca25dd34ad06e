import type { VariableQuery } from '../../../grafana/variable-query';
import type { RawFinding, Rule } from '../../types';
import { re2 } from '../util';

const FORMS: Record<string, string> = {
  label_names: 'label_names() or label_names(metric regex)',
  label_values: 'label_values(label) or label_values(series selector, label)',
  metrics: 'metrics(regex)',
  query_result: 'query_result(expression)',
};

/**
 * RE2 errors that JavaScript's RegExp (which runs metrics()) raises too: unbalanced groups and
 * classes, a quantifier without an operand, a reversed range. Lookaround and backreferences are
 * JavaScript-only, so other RE2 errors say nothing about the browser.
 */
const BOTH_REJECT = /missing closing [)\]]|unexpected \)|missing argument to repetition operator|invalid nested repetition operator|invalid character class range|trailing backslash/;

export const rule: Rule = {
  id: 'query/variable-query',
  severity: 'error',
  doc: 'Prometheus and Loki query variables use a query form Grafana reads (label_values, label_names, metrics, query_result, a series selector); label_values and series queries take a single series selector.',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const use of ctx.model.variableQueries()) {
      const severity = use.guessed ? { severity: 'warning' as const } : {};
      const suffix = use.guessed ? '; datasource type unknown, read as Prometheus' : '';
      const report = (exprOffset: number, message: string): void => {
        out.push({ pointer: use.pointer, exprOffset, message: `${message}${suffix}`, ...severity });
      };
      const p = use.parsed;
      if (p) {
        const problem = formProblem(p, use.text);
        if (problem) report(problem.offset, problem.message);
      }
      const q = use.query?.q;
      if (!use.selectorOnly || !q || q.lang !== 'promql' || q.errors.length > 0 || q.tooComplex) continue;
      const top = q.tree.topNode.firstChild;
      if (top && top.name === 'VectorSelector' && !top.nextSibling) continue;
      const what = p?.kind === 'label_values' ? 'label_values() takes a series selector' : 'a query variable without a function is a series selector';
      const text = q.text.slice(top?.from ?? 0, top?.to ?? q.text.length);
      report(top?.from ?? 0, `${what} (metric{label="value"}), not an expression: Prometheus refuses "${text}" as match[]${p?.kind === 'series' ? '; use query_result(...) for the values of an expression' : ''}`);
    }
    return out;
  },
};

function formProblem(p: VariableQuery, text: string): { offset: number; message: string } | undefined {
  switch (p.kind) {
    case 'series':
      if (!p.call) return undefined;
      return {
        offset: p.selector.from,
        message: `not a ${p.call}() query Grafana reads (${FORMS[p.call]}, on one line, nothing between the last argument and ")"): it sends the whole text to /api/v1/series as a series selector, which Prometheus refuses`,
      };
    case 'empty':
      return { offset: text.indexOf(p.fn), message: `${p.fn}() without an argument: Grafana returns no values` };
    case 'unrecognised':
      return { offset: 0, message: 'not a Loki variable query (label_names() or label_values([stream selector,] label)): Grafana\'s Loki datasource lists label names instead' };
    case 'metrics':
    case 'label_names': {
      const span = p.kind === 'metrics' ? p.regex : p.match;
      if (!span) return undefined;
      const source = text.slice(span.from, span.to);
      if (source.includes('$') || source.includes('[[')) return undefined;
      const r = re2(source, 'search');
      if (r.ok || !BOTH_REJECT.test(r.error)) return undefined;
      return { offset: span.from, message: `${p.kind}() regex "${source}" does not compile: ${r.error.replace(/^error parsing regexp: /, '')}` };
    }
    default:
      return undefined;
  }
}
