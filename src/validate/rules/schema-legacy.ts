import type { Rule } from '../types';
import { schemaFindings } from './schema';

export const rule: Rule = {
  id: 'schema-legacy',
  severity: 'info',
  doc: 'Legacy shapes Grafana migrates on load: graph/singlestat/table-old panels, the top-level rows layout.',
  check: (ctx) => schemaFindings(ctx.model, 'schema-legacy'),
};
