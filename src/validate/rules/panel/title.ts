import type { RawFinding, Rule } from '../../types';

/** Panel types that are usually untitled by design. */
const UNTITLED_OK = new Set(['row', 'text', 'news', 'dashlist', 'welcome']);

export const rule: Rule = {
  id: 'panel/title',
  severity: 'warning',
  doc: 'Data panels have a title, unique within the dashboard (repeated panels excepted).',
  check(ctx) {
    const out: RawFinding[] = [];
    const seen = new Map<string, string>();
    for (const p of ctx.model.panels) {
      if (UNTITLED_OK.has(p.type ?? '')) continue;
      const title = (p.title ?? '').trim();
      if (title === '') {
        out.push({ pointer: `${p.pointer}/title`, message: `${p.type ?? 'panel'} panel${p.id !== undefined ? ` ${p.id}` : ''} has no title` });
        continue;
      }
      if (p.panel['repeat']) continue;
      const first = seen.get(title);
      if (first !== undefined) out.push({ pointer: `${p.pointer}/title`, message: `title "${title}" is also used by the panel at ${first}` });
      else seen.set(title, p.pointer);
    }
    return out;
  },
};
