import type { DashboardModel } from '../model';
import { checkSchema, type SchemaFinding } from '../schema/index';
import type { RawFinding, Rule } from '../types';

/** One schema pass per dashboard (ajv validators compiled ahead of time), shared by the schema* rules. */
const passes = new WeakMap<DashboardModel, SchemaFinding[]>();

export function schemaFindings(model: DashboardModel, id: string): RawFinding[] {
  let all = passes.get(model);
  if (!all) passes.set(model, (all = checkSchema(model.root)));
  return all.filter((f) => f.rule === id).map((f) => ({ pointer: f.pointer, message: f.message, severity: f.severity }));
}

export const rule: Rule = {
  id: 'schema',
  severity: 'error',
  doc: "Dashboard JSON matches Grafana's dashboard schema (panel options, fieldConfig, Prometheus/Loki query shapes); an unknown enum value is a warning.",
  check: (ctx) => schemaFindings(ctx.model, 'schema'),
};
