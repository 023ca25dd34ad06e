import { didYouMean } from '../../catalogue';
import type { RawFinding, Rule } from '../../types';
import { anchored, list } from '../util';

export const rule: Rule = {
  id: 'catalogue/log-event',
  severity: 'error',
  needsCatalogue: true,
  doc: 'LogQL filters on the "event" field name events the catalogue defines.',
  check(ctx) {
    const events = Object.keys(ctx.options.catalogue!.logs.events);
    const out: RawFinding[] = [];
    for (const { pipe, exprPointer } of ctx.model.pipelines()) {
      for (const f of pipe.fields) {
        if (f.field !== 'event' || f.kind !== 'filter' || f.value === undefined || f.hasVariable || f.valueFrom === undefined) continue;
        if ((f.op === '=' || f.op === '!=') && !events.includes(f.value)) {
          const hint = didYouMean(f.value, events);
          out.push({ pointer: exprPointer, exprOffset: f.valueFrom, message: `unknown log event "${f.value}"${hint ? `; did you mean "${hint}"?` : ''} (events: ${list(events)})` });
        } else if (f.op === '=~') {
          const re = anchored(f.value);
          if (re && !events.some((e) => re.test(e))) out.push({ pointer: exprPointer, exprOffset: f.valueFrom, message: `regex event=~"${f.value}" matches no log event (events: ${list(events)})` });
        }
      }
    }
    return out;
  },
};
