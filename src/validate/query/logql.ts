/** Facts extracted from a LogQL syntax tree: stream matchers and pipeline field references. */
import type { SyntaxNode } from '@lezer/common';
import { child, stringValue, walk, type ParsedQuery } from './parsers';
import { touchesVariable } from '../../grafana/variables';
import type { MatchOp, PromMatcher } from './promql';

/** Stream selector matchers have the same shape as PromQL label matchers. */
export type LogMatcher = PromMatcher;

export interface LogFieldRef {
  field: string;
  from: number;
  /** Where it appears: a label filter, an unwrap, or a json extraction expression. */
  kind: 'filter' | 'unwrap' | 'extract';
  /** For string matchers: the literal compared against. */
  op?: MatchOp;
  value?: string;
  valueFrom?: number;
  hasVariable: boolean;
  /** A json/logfmt/... parser stage precedes it in the pipeline. */
  afterParser: boolean;
}

export interface LogPipeline {
  stream: LogMatcher[];
  fields: LogFieldRef[];
  /** Parser stages seen (json, logfmt, pattern, regexp, unpack). */
  parsers: string[];
  /** Labels the pipeline creates (json extraction names, label_format targets). */
  created: string[];
  /** `line_format` templates (the string's text and the offset of its opening quote). */
  lineFormats: { template: string; from: number }[];
}

const OPS: Record<string, MatchOp> = { Eq: '=', Neq: '!=', Re: '=~', Nre: '!~' };

function readMatcher(q: ParsedQuery, m: SyntaxNode): LogMatcher | null {
  const id = child(m, 'Identifier');
  const str = child(m, 'String');
  if (!id || !str) return null;
  let op: MatchOp = '=';
  for (let c = m.firstChild; c; c = c.nextSibling) if (OPS[c.name]) op = OPS[c.name]!;
  return {
    label: q.text.slice(id.from, id.to),
    labelFrom: id.from,
    op,
    value: stringValue(q.text, str),
    valueFrom: str.from,
    hasVariable: touchesVariable(q.refs, str.from, str.to) || touchesVariable(q.refs, id.from, id.to),
  };
}

const pipelineCache = new WeakMap<ParsedQuery, LogPipeline[]>();

/** One entry per stream selector (a metric query may combine several). */
export function logPipelines(q: ParsedQuery): LogPipeline[] {
  const cached = pipelineCache.get(q);
  if (cached) return cached;
  const out: LogPipeline[] = [];
  walk(q.tree.topNode, (n) => {
    if (n.name !== 'LogExpr' && n.name !== 'LogRangeExpr') return;
    const pipe: LogPipeline = { stream: [], fields: [], parsers: [], created: [], lineFormats: [] };
    walk(n, (s) => {
      if (s.name === 'Selector') {
        walk(s, (m) => {
          if (m.name !== 'Matcher') return;
          const matcher = readMatcher(q, m);
          if (matcher) pipe.stream.push(matcher);
          return false;
        });
        return false;
      }
      if (s.name === 'LabelParser' || s.name === 'JsonExpressionParser' || s.name === 'LogfmtParser' || s.name === 'LogfmtExpressionParser') {
        const kw = s.firstChild;
        pipe.parsers.push(kw ? q.text.slice(kw.from, kw.to) : s.name);
        if (s.name === 'JsonExpressionParser') {
          // json field="path": `field` is a new label; `path` names the JSON key read.
          walk(s, (e) => {
            if (e.name !== 'LabelExtractionExpression') return;
            const str = child(e, 'String');
            const name = child(e, 'Identifier');
            if (name) pipe.created.push(q.text.slice(name.from, name.to));
            if (str) {
              const path = stringValue(q.text, str).split(/[.[]/)[0] ?? '';
              pipe.fields.push({ field: path, from: str.from + 1, kind: 'extract', hasVariable: touchesVariable(q.refs, str.from, str.to), afterParser: true });
            }
            return false;
          });
        }
        return false;
      }
      if (s.name === 'LabelFilter') {
        walk(s, (f) => {
          if (f.name === 'Matcher') {
            const m = readMatcher(q, f);
            if (m) pipe.fields.push({ field: m.label, from: m.labelFrom, kind: 'filter', op: m.op, value: m.value, valueFrom: m.valueFrom, hasVariable: m.hasVariable, afterParser: pipe.parsers.length > 0 });
            return false;
          }
          if (f.name === 'NumberFilter' || f.name === 'DurationFilter' || f.name === 'BytesFilter') {
            const id = child(f, 'Identifier');
            if (id) pipe.fields.push({ field: q.text.slice(id.from, id.to), from: id.from, kind: 'filter', hasVariable: touchesVariable(q.refs, id.from, id.to), afterParser: pipe.parsers.length > 0 });
            return false;
          }
          return undefined;
        });
        return false;
      }
      if (s.name === 'LabelFormatExpr') {
        walk(s, (e) => {
          if (e.name === 'LabelFormatMatcher') {
            const id = child(e, 'Identifier');
            if (id) pipe.created.push(q.text.slice(id.from, id.to));
            return false;
          }
          return undefined;
        });
        return false;
      }
      if (s.name === 'LineFormatExpr') {
        const str = child(s, 'String');
        if (str) pipe.lineFormats.push({ template: stringValue(q.text, str), from: str.from });
        return false;
      }
      if (s.name === 'UnwrapExpr') {
        const id = child(s, 'Identifier');
        if (id) pipe.fields.push({ field: q.text.slice(id.from, id.to), from: id.from, kind: 'unwrap', hasVariable: touchesVariable(q.refs, id.from, id.to), afterParser: pipe.parsers.length > 0 });
        return false;
      }
      return undefined;
    });
    out.push(pipe);
    return false;
  });
  pipelineCache.set(q, out);
  return out;
}
