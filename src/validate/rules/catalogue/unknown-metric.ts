import { didYouMean, resolveMetric, seriesNames } from '../../catalogue';
import type { RawFinding, Rule } from '../../types';

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
    return out;
  },
};
