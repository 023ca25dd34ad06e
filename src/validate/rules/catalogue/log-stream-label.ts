import { didYouMean } from '../../catalogue';
import type { RawFinding, Rule } from '../../types';
import { anchored, list } from '../util';

export const rule: Rule = {
  id: 'catalogue/log-stream-label',
  severity: 'error',
  needsCatalogue: true,
  doc: 'LogQL stream selectors use the catalogue\'s Loki stream labels, with values from their value sets.',
  check(ctx) {
    const cat = ctx.options.catalogue!;
    const streams = cat.logs.streamLabels;
    const out: RawFinding[] = [];
    for (const { pipe, exprPointer } of ctx.model.pipelines()) {
      for (const m of pipe.stream) {
        const def = streams[m.label];
        if (!def) {
          const hint = didYouMean(m.label, Object.keys(streams));
          const field = Object.values(cat.logs.events).some((e) => m.label in e.fields);
          out.push({
            pointer: exprPointer,
            exprOffset: m.labelFrom,
            message: `unknown Loki stream label "${m.label}"${hint ? `; did you mean "${hint}"?` : ''}${field ? ` ("${m.label}" is a JSON field: filter it after | json)` : ''} (stream labels: ${list(Object.keys(streams))})`,
          });
          continue;
        }
        if (!def.values || m.hasVariable || m.value === '') continue;
        if ((m.op === '=' || m.op === '!=') && !def.values.includes(m.value)) {
          out.push({ pointer: exprPointer, exprOffset: m.valueFrom, message: `stream label ${m.label}="${m.value}" is outside its values ${list(def.values)}` });
        } else if (m.op === '=~') {
          const re = anchored(m.value);
          if (re && !def.values.some((v) => re.test(v))) out.push({ pointer: exprPointer, exprOffset: m.valueFrom, message: `regex ${m.label}=~"${m.value}" matches none of ${list(def.values)}` });
        }
      }
    }
    // label_values([stream selector,] label) of a Loki query variable lists a stream label's values.
    for (const use of ctx.model.variableQueries()) {
      const label = use.label;
      if (use.lang !== 'logql' || !label || streams[label.name]) continue;
      const hint = didYouMean(label.name, Object.keys(streams));
      out.push({ pointer: label.pointer, ...(label.offset !== undefined ? { exprOffset: label.offset } : {}), message: `label_values(): unknown Loki stream label "${label.name}"${hint ? `; did you mean "${hint}"?` : ''} (stream labels: ${list(Object.keys(streams))})` });
    }
    return out;
  },
};
