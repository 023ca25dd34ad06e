import type { RawFinding, Rule } from '../../types';

export const rule: Rule = {
  id: 'dashboard/panel-id-unique',
  severity: 'error',
  doc: 'Panel ids (rows and nested panels included) are unique: links, alerts and library references use them.',
  check(ctx) {
    const out: RawFinding[] = [];
    const seen = new Map<number, string>();
    for (const p of ctx.model.panels) {
      if (p.id === undefined) continue;
      const first = seen.get(p.id);
      if (first !== undefined) out.push({ pointer: `${p.pointer}/id`, message: `panel id ${p.id} is also used by the panel at ${first}` });
      else seen.set(p.id, p.pointer);
    }
    return out;
  },
};
