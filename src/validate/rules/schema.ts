import { checkSchema } from '../schema/index';
import type { RawFinding, Rule } from '../types';

/** Delegates to the schema layer (src/validate/schema): ajv validators compiled once, reused per dashboard. */
export const rule: Rule = {
  id: 'schema',
  severity: 'error',
  doc: "Dashboard JSON matches Grafana's dashboard schema (panel options, fieldConfig, Prometheus/Loki query shapes); legacy/plugin panels and old schemaVersion are info/warning.",
  check(ctx) {
    return checkSchema(ctx.model.root).map((f): RawFinding => ({ pointer: f.pointer, message: f.message, severity: f.severity, rule: f.rule }));
  },
};
