import type { RawFinding, Rule } from '../../types';

/** HTML that runs code or embeds other pages when Grafana renders a text panel (if sanitising is off). */
const DANGEROUS = [/<\s*script\b/i, /<\s*iframe\b/i, /<[^>]+\son[a-z]+\s*=/i, /javascript\s*:/i];

export const rule: Rule = {
  id: 'panel/text-security',
  severity: 'warning',
  doc: 'Text panels contain no <script>, <iframe>, inline event handlers or javascript: URLs.',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const p of ctx.model.panels) {
      if (p.type !== 'text') continue;
      const opts = p.panel['options'] as { content?: unknown } | undefined;
      const [content, pointer] = typeof opts?.content === 'string' ? [opts.content, `${p.pointer}/options/content`] : typeof p.panel['content'] === 'string' ? [p.panel['content'] as string, `${p.pointer}/content`] : [undefined, ''];
      if (content === undefined) continue;
      const hit = DANGEROUS.find((re) => re.test(content));
      if (hit) out.push({ pointer, message: `text panel "${p.title ?? ''}" contains ${content.match(hit)![0].trim()}: scripts and embedded pages run with the viewer's Grafana session (blocked only when disable_sanitize_html is false)` });
    }
    return out;
  },
};
