import { TARGET_LABELS } from '../../catalogue';
import type { RawFinding, Rule } from '../../types';

export const rule: Rule = {
  id: 'prometheus/live',
  severity: 'error',
  doc: 'With --prometheus: every selected metric and matched label (also when its value is a variable), and every label a label_values() variable lists, exists on the live server (/api/v1/metadata, /api/v1/labels).',
  check(ctx) {
    const live = ctx.options.live;
    if (!live) return [];
    const out: RawFinding[] = [];
    for (const { sel, exprPointer } of ctx.model.selectors()) {
      if (sel.name && !sel.nameIsVariable && !live.metrics.has(sel.name) && !live.metrics.has(sel.name.replace(/_(bucket|sum|count)$/, ''))) {
        out.push({ pointer: exprPointer, exprOffset: sel.nameFrom, message: `metric "${sel.name}" is unknown to ${live.url}` });
      }
      for (const m of sel.matchers) {
        // A variable in the value does not make the label name any less checkable.
        if (m.labelIsVariable || TARGET_LABELS.has(m.label) || live.labels.has(m.label)) continue;
        out.push({ pointer: exprPointer, exprOffset: m.labelFrom, message: `label "${m.label}" is unknown to ${live.url}` });
      }
    }
    for (const use of ctx.model.variableQueries()) {
      const label = use.label;
      if (use.lang !== 'promql' || !label || TARGET_LABELS.has(label.name) || live.labels.has(label.name)) continue;
      out.push({ pointer: label.pointer, ...(label.offset !== undefined ? { exprOffset: label.offset } : {}), message: `label_values(): label "${label.name}" is unknown to ${live.url}` });
    }
    return out;
  },
};
