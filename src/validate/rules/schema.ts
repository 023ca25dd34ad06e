import type { DashboardModel } from '../model';
import { checkSchema, type SchemaFinding } from '../schema/index';
import type { RawFinding, Rule } from '../types';

/** One schema pass per dashboard (ajv validators compiled ahead of time), shared by the schema* rules. */
const passes = new WeakMap<DashboardModel, SchemaFinding[]>();

export function schemaFindings(model: DashboardModel, id: string): RawFinding[] {
  let all = passes.get(model);
  if (!all) passes.set(model, (all = judged(model, checkSchema(model.root))));
  return all.filter((f) => f.rule === id).map((f) => ({ pointer: f.pointer, message: f.message, severity: f.severity }));
}

export const rule: Rule = {
  id: 'schema',
  severity: 'error',
  doc: "Dashboard JSON matches Grafana's dashboard schema (panel options, fieldConfig, Prometheus/Loki query shapes); an unknown enum value is a warning.",
  check: (ctx) => schemaFindings(ctx.model, 'schema'),
};

const CURRENT = /^\/templating\/list\/\d+\/current(\/|$)/;
const MAPPING_TYPE = /\/mappings\/\d+\/type$/;
const NO_VALUE = /\/fieldConfig\/defaults\/noValue$/;

/**
 * What Grafana does with a schema mismatch on load, applied to its severity (see docs/rules/schema.md):
 * a variable's saved `current` is re-selected from its options (validateVariableSelectionState), so a
 * broken one is repaired; numeric value-mapping types of schemaVersion < 30 are converted by the
 * DashboardMigrator; a number in `noValue` is shown as text. Repeated findings at one spot are dropped.
 */
function judged(model: DashboardModel, found: SchemaFinding[]): SchemaFinding[] {
  const version = typeof model.root['schemaVersion'] === 'number' ? model.root['schemaVersion'] : 0;
  const seen = new Set<string>();
  const out: SchemaFinding[] = [];
  for (const f of found) {
    let g = f;
    if (f.rule === 'schema' && f.severity === 'error' && CURRENT.test(f.pointer)) {
      g = { ...f, severity: 'warning', message: `${f.message}; Grafana replaces a saved value it cannot read with one of the variable's options on load` };
    } else if (f.rule === 'schema' && MAPPING_TYPE.test(f.pointer) && version < 30) {
      g = { ...f, severity: 'info', rule: 'schema-legacy', message: `legacy value mapping (${f.message}): Grafana's migration to schemaVersion 30 converts it on load` };
    } else if (f.rule === 'schema' && f.severity === 'error' && NO_VALUE.test(f.pointer) && f.message.endsWith('got number')) {
      g = { ...f, severity: 'warning', message: `${f.message}; Grafana shows the number as text` };
    }
    const key = `${g.rule}\u0000${g.pointer}\u0000${g.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(g);
  }
  return out;
}
