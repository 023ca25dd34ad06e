/** Facts extracted from a PromQL syntax tree for the rules: selectors, their context, ranges. */
import type { SyntaxNode } from '@lezer/common';
import { child, stringValue, type ParsedQuery } from './parsers';
import { touchesVariable } from '../../grafana/variables';

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface PromMatcher {
  label: string;
  labelFrom: number;
  op: MatchOp;
  value: string;
  valueFrom: number;
  /** A variable in the label name or the value. */
  hasVariable: boolean;
  /** A variable in the label name itself. */
  labelIsVariable?: boolean;
}

export interface Enclosing {
  kind: 'function' | 'aggregation';
  name: string;
  node: SyntaxNode;
}

export interface PromSelector {
  node: SyntaxNode;
  /** Metric name when written literally (identifier, quoted name or __name__="x"). */
  name?: string;
  nameFrom: number;
  nameIsVariable: boolean;
  matchers: PromMatcher[];
  /** Inside a range (matrix selector or subquery). */
  inRange: boolean;
  /** Functions and aggregations around the selector, innermost first. */
  enclosing: Enclosing[];
}

export interface PromRange {
  /** Offsets of the range duration text. */
  from: number;
  to: number;
  /** Function the range is an argument of, if any (rate, increase...). */
  fn?: string;
  subquery: boolean;
}

const selectorCache = new WeakMap<ParsedQuery, PromSelector[]>();

/** The nodes of one PromQL tree that rules ask for, each kind in document order. */
export interface PromNodes {
  selectors: SyntaxNode[];
  /** Matrix selectors and subqueries. */
  ranges: SyntaxNode[];
  aggregations: SyntaxNode[];
}

const nodeCache = new WeakMap<ParsedQuery, PromNodes>();

/**
 * One cursor pass over the tree for every rule (cached per parsed query): one walk per rule
 * and node kind cost more than building these few nodes.
 */
export function promNodes(q: ParsedQuery): PromNodes {
  let found = nodeCache.get(q);
  if (found) return found;
  found = { selectors: [], ranges: [], aggregations: [] };
  const c = q.tree.cursor();
  let depth = 0;
  walk: for (;;) {
    const name = c.name;
    // Nothing the rules ask for sits inside a selector (names, matchers, strings): its subtree is skipped.
    let enter = true;
    if (name === 'VectorSelector') {
      found.selectors.push(c.node);
      enter = false;
    } else if (name === 'MatrixSelector' || name === 'SubqueryExpr') found.ranges.push(c.node);
    else if (name === 'AggregateExpr') found.aggregations.push(c.node);
    if (enter && c.firstChild()) {
      depth++;
      continue;
    }
    for (;;) {
      if (depth === 0) break walk;
      if (c.nextSibling()) break;
      c.parent();
      depth--;
    }
  }
  nodeCache.set(q, found);
  return found;
}

export function functionName(q: ParsedQuery, call: SyntaxNode): string {
  const id = child(call, 'FunctionIdentifier');
  return id ? q.text.slice(id.from, id.to).toLowerCase() : '';
}

export function aggregationName(q: ParsedQuery, agg: SyntaxNode): string {
  const op = child(agg, 'AggregateOp');
  return op ? q.text.slice(op.from, op.to).toLowerCase() : '';
}

export function enclosingOf(q: ParsedQuery, node: SyntaxNode): Enclosing[] {
  const out: Enclosing[] = [];
  for (let p = node.parent; p; p = p.parent) {
    if (p.name === 'FunctionCall') out.push({ kind: 'function', name: functionName(q, p), node: p });
    else if (p.name === 'AggregateExpr') out.push({ kind: 'aggregation', name: aggregationName(q, p), node: p });
  }
  return out;
}

function matchOp(q: ParsedQuery, node: SyntaxNode | null): MatchOp {
  const t = node ? q.text.slice(node.from, node.to) : '=';
  return t === '!=' || t === '=~' || t === '!~' ? t : '=';
}

export function promSelectors(q: ParsedQuery): PromSelector[] {
  const cached = selectorCache.get(q);
  if (cached) return cached;
  const out: PromSelector[] = [];
  for (const n of promNodes(q).selectors) {
    let enclosing: Enclosing[] | undefined;
    const sel: PromSelector = {
      node: n,
      nameFrom: n.from,
      nameIsVariable: false,
      matchers: [],
      inRange: false,
      // Computed on first use: walking up the parents costs a node object per level, and most rules never ask.
      get enclosing(): Enclosing[] {
        return (enclosing ??= enclosingOf(q, n));
      },
    };
    const id = child(n, 'Identifier');
    if (id) {
      sel.name = q.text.slice(id.from, id.to);
      sel.nameFrom = id.from;
      sel.nameIsVariable = touchesVariable(q.refs, id.from, id.to);
    }
    const lm = child(n, 'LabelMatchers');
    if (lm) {
      for (let m = lm.firstChild; m; m = m.nextSibling) {
        if (m.name === 'QuotedLabelName') {
          // {"metric.name"}: the UTF-8 form of a metric name.
          sel.name = stringValue(q.text, m);
          sel.nameFrom = m.from;
          sel.nameIsVariable = touchesVariable(q.refs, m.from, m.to);
          continue;
        }
        if (m.name !== 'UnquotedLabelMatcher' && m.name !== 'QuotedLabelMatcher') continue;
        const labelNode = child(m, 'LabelName') ?? child(m, 'QuotedLabelName');
        const valueNode = m.lastChild && m.lastChild.name === 'StringLiteral' ? m.lastChild : null;
        if (!labelNode || !valueNode) continue;
        const label = labelNode.name === 'QuotedLabelName' ? stringValue(q.text, labelNode) : q.text.slice(labelNode.from, labelNode.to);
        const matcher: PromMatcher = {
          label,
          labelFrom: labelNode.from,
          op: matchOp(q, child(m, 'MatchOp')),
          value: stringValue(q.text, valueNode),
          valueFrom: valueNode.from,
          hasVariable: touchesVariable(q.refs, valueNode.from, valueNode.to) || touchesVariable(q.refs, labelNode.from, labelNode.to),
          labelIsVariable: touchesVariable(q.refs, labelNode.from, labelNode.to),
        };
        if (matcher.label === '__name__' && matcher.op === '=' && !matcher.hasVariable) {
          sel.name = matcher.value;
          sel.nameFrom = valueNode.from;
          continue;
        }
        sel.matchers.push(matcher);
      }
    }
    for (let p = n.parent; p; p = p.parent) {
      if (p.name === 'MatrixSelector' || p.name === 'SubqueryExpr') {
        sel.inRange = true;
        break;
      }
    }
    out.push(sel);
  }
  selectorCache.set(q, out);
  return out;
}

const rangeCache = new WeakMap<ParsedQuery, PromRange[]>();

export function promRanges(q: ParsedQuery): PromRange[] {
  const cached = rangeCache.get(q);
  if (cached) return cached;
  const out: PromRange[] = [];
  rangeCache.set(q, out);
  // Ranges and subqueries are written with brackets: no bracket, nothing to walk.
  if (!q.text.includes('[')) return out;
  for (const n of promNodes(q).ranges) {
    const dur = child(n, 'DurationExpr');
    if (!dur) continue;
    let fn: string | undefined;
    const body = n.parent;
    if (body && body.name === 'FunctionCallBody' && body.parent && body.parent.name === 'FunctionCall') fn = functionName(q, body.parent);
    out.push({ from: dur.from, to: dur.to, ...(fn ? { fn } : {}), subquery: n.name === 'SubqueryExpr' });
  }
  return out;
}

/** Grouping of an aggregation: by/without and the label names, or null when it has none. */
export function grouping(q: ParsedQuery, agg: SyntaxNode): { mode: 'by' | 'without'; labels: { name: string; from: number }[]; from: number } | null {
  const mod = child(agg, 'AggregateModifier');
  if (!mod) return null;
  const mode = child(mod, 'Without') ? 'without' : 'by';
  const labels: { name: string; from: number }[] = [];
  const gl = child(mod, 'GroupingLabels');
  if (gl) {
    for (let l = gl.firstChild; l; l = l.nextSibling) {
      if (l.name === 'LabelName') labels.push({ name: q.text.slice(l.from, l.to), from: l.from });
      else if (l.name === 'QuotedLabelName') labels.push({ name: stringValue(q.text, l), from: l.from });
    }
  }
  return { mode, labels, from: mod.from };
}

/** Argument expressions of a function call or aggregation body. */
export function callArguments(node: SyntaxNode): SyntaxNode[] {
  const body = child(node, 'FunctionCallBody');
  const out: SyntaxNode[] = [];
  if (!body) return out;
  for (let c = body.firstChild; c; c = c.nextSibling) if (!c.type.isError && c.name !== '(' && c.name !== ')' && c.name !== ',') out.push(c);
  return out;
}
