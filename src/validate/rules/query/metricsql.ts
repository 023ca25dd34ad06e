import { metricsqlFeature } from '../../query/metricsql';
import type { RawFinding, Rule } from '../../types';

export const rule: Rule = {
  id: 'query/metricsql',
  severity: 'warning',
  doc: 'A Prometheus-typed target uses MetricsQL (VictoriaMetrics): it runs against VictoriaMetrics but Prometheus rejects it; set this rule to error for Prometheus-only fleets.',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const { guessed, q, exprPointer } of ctx.model.queries('promql')) {
      if (q.errors.length === 0 || guessed) continue;
      const feature = metricsqlFeature(q.text);
      if (feature) out.push({ pointer: exprPointer, exprOffset: q.errors[0]!.offset, message: `MetricsQL, not PromQL (uses ${feature}): VictoriaMetrics runs it, Prometheus rejects it` });
    }
    return out;
  },
};
