import type { RawFinding, Rule } from '../../types';

/** Panel types that are usually untitled by design. */
const UNTITLED_OK = new Set(['row', 'text', 'news', 'dashlist', 'welcome']);

export const rule: Rule = {
  id: 'panel/title',
  severity: 'warning',
  doc: 'Data panels have a title, unique within its row (repeated panels excepted).',
  check(ctx) {
    const out: RawFinding[] = [];
    const seen = new Map<string, string>();
    // The same title under different rows names different things ("Latency" per service): only a
    // repeat within one row section is reported. Top-level panels belong to the row above them.
    let section = '';
    for (const p of ctx.model.panels) {
      if (p.type === 'row' || p.legacyRow) section = p.type === 'row' ? p.pointer : p.pointer.replace(/\/panels\/\d+$/, '');
      if (UNTITLED_OK.has(p.type ?? '')) continue;
      const title = (p.title ?? '').trim();
      if (title === '') {
        out.push({ pointer: `${p.pointer}/title`, message: `${p.type ?? 'panel'} panel${p.id !== undefined ? ` ${p.id}` : ''} has no title` });
        continue;
      }
      if (p.panel['repeat']) continue;
      const key = `${p.row ? p.row.pointer : section}\u0000${title}`;
      const first = seen.get(key);
      if (first !== undefined) out.push({ pointer: `${p.pointer}/title`, message: `title "${title}" is also used by the panel at ${first}, in the same row` });
      else seen.set(key, p.pointer);
    }
    return out;
  },
};
