import type { Rule } from '../types';
import { schemaFindings } from './schema';

export const rule: Rule = {
  id: 'schema-plugin-panel',
  severity: 'info',
  doc: 'Plugin panels (not core panels typed by the SDK) are named, since their options are not checked.',
  check: (ctx) => schemaFindings(ctx.model, 'schema-plugin-panel'),
};
