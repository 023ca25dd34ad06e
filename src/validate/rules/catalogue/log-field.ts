import type { CatalogueJson, FieldDef } from '../../../catalogue/index';
import { didYouMean } from '../../catalogue';
import type { LogPipeline } from '../../query/logql';
import type { RawFinding, Rule } from '../../types';
import { list } from '../util';

export const rule: Rule = {
  id: 'catalogue/log-field',
  severity: 'error',
  needsCatalogue: true,
  doc:
    'LogQL filters, unwrap and json extraction after | json use fields of the selected event (closed values checked); before a parser only stream labels exist; ' +
    'a line_format of an event linked to its span (provenance_id) keeps the linking fields and trace_id.',
  check(ctx) {
    const cat = ctx.options.catalogue!;
    const out: RawFinding[] = [];
    for (const { pipe, exprPointer } of ctx.model.pipelines()) {
      const { fields, scope, selected } = fieldsInScope(cat, pipe);
      out.push(...droppedLinks(cat, pipe, selected, exprPointer));
      for (const f of pipe.fields) {
        if (f.field === 'event' || f.hasVariable || f.field.startsWith('__') || f.field in cat.logs.streamLabels || pipe.created.includes(f.field)) continue;
        if (!f.afterParser) {
          out.push({ pointer: exprPointer, exprOffset: f.from, message: `"${f.field}" is filtered before any parser stage: it is a JSON field, not a stream label; add | json before it` });
          continue;
        }
        const def = fields.get(f.field);
        if (!def) {
          if (pipe.parsers.some((p) => p !== 'json')) continue; // logfmt/pattern/regexp may define their own names
          const hint = didYouMean(f.field, fields.keys());
          out.push({ pointer: exprPointer, exprOffset: f.from, message: `unknown field "${f.field}" for ${scope}${hint ? `; did you mean "${hint}"?` : ''}` });
          continue;
        }
        if (def.values && f.value !== undefined && f.valueFrom !== undefined && (f.op === '=' || f.op === '!=') && f.value !== '' && !def.values.includes(f.value)) {
          out.push({ pointer: exprPointer, exprOffset: f.valueFrom, message: `field ${f.field}="${f.value}" is outside its values ${list(def.values)}` });
        }
      }
    }
    return out;
  },
};

/** Fields of the events an `event="x"` filter selects, or of every event when none is selected. */
function fieldsInScope(cat: CatalogueJson, pipe: LogPipeline): { fields: Map<string, FieldDef>; scope: string; selected: string[] } {
  const selected = pipe.fields.filter((f) => f.field === 'event' && f.op === '=' && !f.hasVariable && f.value && cat.logs.events[f.value]).map((f) => f.value!);
  const names = selected.length > 0 ? selected : Object.keys(cat.logs.events);
  const fields = new Map<string, FieldDef>();
  for (const n of names) for (const [k, v] of Object.entries(cat.logs.events[n]!.fields)) fields.set(k, v);
  return { fields, scope: selected.length > 0 ? `event ${list(selected)}` : 'any log event', selected };
}

/**
 * Lines of an event whose fields are tied to its span (e.g. provenance_id = provenance.id) are
 * what links a compliance artefact to its trace: a line_format that hides those fields or the
 * trace_id breaks the link for whoever reads the panel.
 */
function droppedLinks(cat: CatalogueJson, pipe: LogPipeline, selected: readonly string[], pointer: string): RawFinding[] {
  const out: RawFinding[] = [];
  for (const event of selected) {
    const links = Object.keys(cat.logs.events[event]?.spanAttributes ?? {});
    if (links.length === 0) continue;
    for (const format of pipe.lineFormats) {
      const shown = (field: string): boolean => new RegExp(`\\.${field}\\b`).test(format.template);
      const missing = [...links, 'trace_id'].filter((field) => !shown(field));
      if (missing.length === 0) continue;
      out.push({
        pointer,
        exprOffset: format.from,
        message: `line_format of event "${event}" drops ${list(missing)}: these lines must show the ids that link them to their span and artefact record`,
      });
    }
  }
  return out;
}
