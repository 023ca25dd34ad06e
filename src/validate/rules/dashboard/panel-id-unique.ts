import type { RawFinding, Rule } from '../../types';

export const rule: Rule = {
  id: 'dashboard/panel-id-unique',
  severity: 'warning',
  doc: 'Panel ids (rows and nested panels included) are unique; Grafana renumbers a repeated id on load, so links and references to it reach the first panel only.',
  check(ctx) {
    const out: RawFinding[] = [];
    const seen = new Map<number, string>();
    for (const p of ctx.model.panels) {
      if (p.id === undefined) continue;
      const first = seen.get(p.id);
      if (first !== undefined) out.push({ pointer: `${p.pointer}/id`, message: `panel id ${p.id} is also used by the panel at ${first}; Grafana gives this panel a new id on load, so links to viewPanel=${p.id} open the other one` });
      else seen.set(p.id, p.pointer);
    }
    return out;
  },
};
