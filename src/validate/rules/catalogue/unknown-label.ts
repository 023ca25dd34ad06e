import { didYouMean, labelsOf, resolveMetric, TARGET_LABELS, type ResolvedMetric } from '../../catalogue';
import type { SyntaxNode } from '@lezer/common';
import { aggregationName, functionName, grouping, promNodes, promSelectors, type PromSelector } from '../../query/promql';
import { touchesVariable } from '../../../grafana/variables';
import { walkNamed, type ParsedQuery } from '../../query/parsers';

const CALL = new Set(['FunctionCall']);
import type { RawFinding, Rule, RuleContext } from '../../types';
import { list } from '../util';

export const rule: Rule = {
  id: 'catalogue/unknown-label',
  severity: 'error',
  needsCatalogue: true,
  doc: 'Label matchers and by() groupings use labels the selected metric has (le only on _bucket, quantile only on summaries).',
  check(ctx) {
    const cat = ctx.options.catalogue!;
    const out: RawFinding[] = [];
    for (const { sel, exprPointer } of ctx.model.selectors()) {
      if (!sel.name || sel.nameIsVariable) continue;
      const m = resolveMetric(cat, sel.name);
      if (!m) continue;
      const allowed = labelsOf(m);
      for (const matcher of sel.matchers) {
        if (allowed.has(matcher.label) || TARGET_LABELS.has(matcher.label)) continue;
        out.push({ pointer: exprPointer, exprOffset: matcher.labelFrom, message: unknownMessage(matcher.label, sel.name, m, allowed) });
      }
    }
    out.push(...labelValuesLabels(ctx));
    for (const { q, exprPointer } of ctx.model.queries('promql')) {
      const selectors = promSelectors(q);
      // by (...) over catalogue metrics only: a label none of them has yields one merged series.
      for (const { n, g, inner } of byGroupings(q, selectors)) {
        const allowed = new Set<string>(TARGET_LABELS);
        let all = true;
        for (const s of inner) {
          const m = s.name && !s.nameIsVariable ? resolveMetric(cat, s.name) : undefined;
          if (!m) {
            all = false;
            break;
          }
          for (const l of labelsOf(m)) allowed.add(l);
        }
        if (!all) continue;
        for (const label of g.labels) {
          if (allowed.has(label.name) || touchesVariable(q.refs, label.from, label.from + label.name.length)) continue;
          out.push({ pointer: exprPointer, exprOffset: label.from, message: `${aggregationName(q, n)} by (${label.name}): no selected metric has label "${label.name}" (they have ${list([...allowed].filter((l) => !TARGET_LABELS.has(l)))})` });
        }
      }
    }
    return out;
  },
};

interface ByGrouping {
  n: SyntaxNode;
  g: NonNullable<ReturnType<typeof grouping>>;
  /** Selectors under the aggregation. */
  inner: PromSelector[];
}

/** Per parsed query (dashboards repeat queries): the by() aggregations worth checking, in tree order. */
const groupingCache = new WeakMap<ParsedQuery, ByGrouping[]>();

function byGroupings(q: ParsedQuery, selectors: readonly PromSelector[]): ByGrouping[] {
  const cached = groupingCache.get(q);
  if (cached) return cached;
  const out: ByGrouping[] = [];
  for (const n of promNodes(q).aggregations) {
    const g = grouping(q, n);
    if (!g || g.mode !== 'by') continue;
    const inner = selectors.filter((s) => s.node.from >= n.from && s.node.to <= n.to);
    let relabels = false;
    walkNamed(n, CALL, (c) => {
      if (functionName(q, c) === 'label_replace' || functionName(q, c) === 'label_join') relabels = true;
    });
    // Relabelling makes new labels; with no selector there is no metric to ask.
    if (!relabels && inner.length > 0) out.push({ n, g, inner });
  }
  groupingCache.set(q, out);
  return out;
}

function unknownMessage(label: string, series: string, m: ResolvedMetric, allowed: Set<string>): string {
  if (label === 'le') return `"le" exists only on histogram _bucket series, not on "${series}"`;
  if (label === 'quantile') return `"quantile" exists only on summary quantile series, not on "${series}"`;
  const hint = didYouMean(label, allowed);
  return `metric "${series}" has no label "${label}"${hint ? `; did you mean "${hint}"?` : ''} (labels: ${list(allowed)}${m.series !== 'plain' ? `, series of ${m.family}` : ''})`;
}

/**
 * label_values(selector, label) of a query variable lists the values of a label: the selected metric
 * must have it; without a metric name, some catalogue metric must.
 */
function labelValuesLabels(ctx: RuleContext): RawFinding[] {
  const cat = ctx.options.catalogue!;
  const out: RawFinding[] = [];
  for (const use of ctx.model.variableQueries()) {
    if (use.lang !== 'promql' || !use.label) continue;
    const { name, pointer, offset } = use.label;
    const at = offset !== undefined ? { exprOffset: offset } : {};
    const sel = use.query ? promSelectors(use.query.q)[0] : undefined;
    if (sel?.nameIsVariable) continue;
    const m = sel?.name ? resolveMetric(cat, sel.name) : undefined;
    if (sel?.name && !m) continue; // catalogue/unknown-metric reports the metric
    if (m) {
      const allowed = labelsOf(m);
      if (!allowed.has(name) && !TARGET_LABELS.has(name)) out.push({ pointer, ...at, message: `label_values(): ${unknownMessage(name, sel!.name!, m, allowed)}` });
      continue;
    }
    const all = new Set<string>(TARGET_LABELS);
    for (const def of Object.values(cat.metrics)) for (const l of def.labels) all.add(l);
    if (all.has(name) || name === 'le' || name === 'quantile') continue;
    const hint = didYouMean(name, all);
    out.push({ pointer, ...at, message: `label_values(): no metric of the catalogue has label "${name}"${hint ? `; did you mean "${hint}"?` : ''}` });
  }
  return out;
}
