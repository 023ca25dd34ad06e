import { didYouMean, resolveMetric, seriesNames } from '../../catalogue';
import type { RawFinding, Rule } from '../../types';
import { re2 } from '../util';

/** Series Prometheus itself produces for every target or alert. */
const SYNTHETIC = new Set(['up', 'scrape_duration_seconds', 'scrape_samples_scraped', 'scrape_samples_post_metric_relabeling', 'scrape_series_added', 'ALERTS', 'ALERTS_FOR_STATE']);

export const rule: Rule = {
  id: 'catalogue/unknown-metric',
  severity: 'error',
  needsCatalogue: true,
  doc: 'Every metric a PromQL query selects exists in the catalogue (with _bucket/_sum/_count of histograms and summaries).',
  check(ctx) {
    const cat = ctx.options.catalogue!;
    const out: RawFinding[] = [];
    for (const { sel, exprPointer } of ctx.model.selectors()) {
      if (!sel.name || sel.nameIsVariable || SYNTHETIC.has(sel.name)) continue;
      const m = resolveMetric(cat, sel.name);
      if (m && !(m.series === 'plain' && m.def.type === 'histogram')) continue;
      let message: string;
      if (m) {
        message = `"${sel.name}" is a histogram: select its series ${sel.name}_bucket, ${sel.name}_sum or ${sel.name}_count`;
      } else {
        const hint = didYouMean(sel.name, seriesNames(cat));
        message = `unknown metric "${sel.name}"${hint ? `; did you mean "${hint}"?` : ' (not in the catalogue)'}`;
      }
      out.push({ pointer: exprPointer, exprOffset: sel.nameFrom, message });
    }
    // metrics(re) and label_names(re) of query variables name metrics by regex (unanchored): one must match.
    for (const use of ctx.model.variableQueries()) {
      const p = use.parsed;
      const span = p?.kind === 'metrics' ? p.regex : p?.kind === 'label_names' ? p.match : undefined;
      if (!p || !span || use.lang !== 'promql') continue;
      const source = use.text.slice(span.from, span.to);
      if (source.includes('$') || source.includes('[[')) continue;
      const r = re2(source, 'search');
      const names = seriesNames(cat);
      if (!r.ok || names.some((n) => r.test(n))) continue;
      const hint = /^[A-Za-z_:][A-Za-z0-9_:]*$/.test(source) ? didYouMean(source, names) : undefined;
      out.push({ pointer: use.pointer, exprOffset: span.from, message: `${p.kind}("${source}") matches no metric of the catalogue${hint ? `; did you mean "${hint}"?` : ''}` });
    }
    return out;
  },
};
