import { resolveMetric } from '../../catalogue';
import { aggregationName, callArguments, grouping, promSelectors, type PromSelector } from '../../query/promql';
import type { SyntaxNode } from '@lezer/common';
import { walkNamed, type ParsedQuery } from '../../query/parsers';

const AGGREGATE = new Set(['AggregateExpr']);
const HISTOGRAM_QUANTILE = /histogram_quantile/i;
import type { RawFinding, Rule } from '../../types';

export const rule: Rule = {
  id: 'query/histogram-quantile',
  severity: 'error',
  doc: 'histogram_quantile() keeps "le" in every aggregation under it and reads _bucket series (checked against the catalogue when given).',
  check(ctx) {
    const cat = ctx.options.catalogue;
    const out: RawFinding[] = [];
    for (const { q, exprPointer } of ctx.model.queries('promql')) {
      // No call without its name in the text: skip the tree work for every other query.
      if (!HISTOGRAM_QUANTILE.test(q.text)) continue;
      for (const { inner, lostLe } of quantileCalls(q)) {
        // Classic histograms only: native histograms (no _bucket series) need no le.
        const classic = inner.some((sel) => sel.name && (sel.name.endsWith('_bucket') || (cat && resolveMetric(cat, sel.name)?.def.type === 'histogram')));
        if (classic) for (const f of lostLe) out.push({ pointer: exprPointer, ...f });
        for (const sel of inner) {
          if (!sel.name || sel.nameIsVariable) continue;
          if (sel.name.endsWith('_bucket')) continue;
          const m = cat ? resolveMetric(cat, sel.name) : undefined;
          // Without a catalogue a bare name may be a native histogram; only obvious non-bucket series are flagged.
          const wrong = m ? true : /_(sum|count|total)$/.test(sel.name);
          if (wrong) out.push({ pointer: exprPointer, exprOffset: sel.nameFrom, message: `histogram_quantile() over "${sel.name}", which is not a _bucket series${m && m.def.type === 'histogram' ? `; use ${m.family}_bucket` : ''}` });
        }
      }
    }
    return out;
  },
};

interface QuantileCall {
  /** Selectors inside the second argument. */
  inner: PromSelector[];
  /** Aggregations between the call and the selectors that drop `le` (reported for classic histograms). */
  lostLe: { exprOffset: number; message: string }[];
}

/** Per parsed query (dashboards repeat queries): its histogram_quantile calls, catalogue-independent facts only. */
const callCache = new WeakMap<ParsedQuery, QuantileCall[]>();

function quantileCalls(q: ParsedQuery): QuantileCall[] {
  const cached = callCache.get(q);
  if (cached) return cached;
  const out: QuantileCall[] = [];
  const selectors = promSelectors(q);
  // histogram_quantile calls are among the selectors' enclosing functions: no extra tree walk.
  const calls = new Map<number, SyntaxNode>();
  for (const sel of selectors) for (const e of sel.enclosing) if (e.kind === 'function' && e.name === 'histogram_quantile') calls.set(e.node.from, e.node);
  for (const n of calls.values()) {
    const arg = callArguments(n)[1];
    if (!arg) continue;
    const inner = selectors.filter((sel) => sel.node.from >= arg.from && sel.node.to <= arg.to);
    const lostLe: QuantileCall['lostLe'] = [];
    // Aggregations between histogram_quantile and the selectors must keep le.
    walkNamed(arg, AGGREGATE, (a) => {
      const g = grouping(q, a);
      const op = aggregationName(q, a);
      // VictoriaMetrics histograms bucket by `vmrange` instead of `le`; its histogram_quantile accepts either.
      if (!g || (g.mode === 'by' && !g.labels.some((l) => l.name === 'le' || l.name === 'vmrange'))) {
        lostLe.push({ exprOffset: a.from, message: `histogram_quantile() over ${op}${g ? ' by (...)' : ''} without "le": the buckets are summed away; use ${op} by (le${g && g.labels.length ? ', ' + g.labels.map((l) => l.name).join(', ') : ''})` });
      } else if (g.mode === 'without' && g.labels.some((l) => l.name === 'le')) {
        lostLe.push({ exprOffset: a.from, message: `histogram_quantile() over ${op} without (le): the buckets are summed away` });
      }
      return false;
    });
    out.push({ inner, lostLe });
  }
  callCache.set(q, out);
  return out;
}
