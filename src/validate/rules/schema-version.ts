import type { Rule } from '../types';
import { schemaFindings } from './schema';

export const rule: Rule = {
  id: 'schema-version',
  severity: 'info',
  doc: 'schemaVersion is current (older or missing versions are migrated by Grafana on load).',
  check: (ctx) => schemaFindings(ctx.model, 'schema-version'),
};
