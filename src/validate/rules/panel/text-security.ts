import type { RawFinding, Rule } from '../../types';

/** HTML that runs code or embeds other pages when Grafana renders a text panel (if sanitising is off). */
const DANGEROUS = [/<\s*script\b/i, /<\s*iframe\b/i, /javascript\s*:/i];
const EVENT_HANDLER = /\son[a-z]+\s*=/gi;

/**
 * An inline event handler inside a tag (`<img src=x onerror=…>`). Written as one pass over the
 * text: each stretch from the first `<` after a `>` up to the next `>` is searched once, where
 * `/<[^>]+\son…/` would rescan the rest of the text from every `<` (quadratic on a run of them).
 */
function eventHandler(content: string): string | undefined {
  for (let open = content.indexOf('<'); open !== -1; ) {
    const close = content.indexOf('>', open + 1);
    const tag = content.slice(open, close === -1 ? content.length : close);
    // The last handler in the tag, as the greedy `[^>]+` reported it.
    const last = [...tag.matchAll(EVENT_HANDLER)].pop();
    if (last) return tag.slice(0, last.index + last[0].length);
    if (close === -1) return undefined;
    open = content.indexOf('<', close + 1);
  }
  return undefined;
}

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
      const match = hit ? content.match(hit)![0].trim() : eventHandler(content);
      // Quote the end of what matched: a hostile text can make it megabytes long.
      const found = match !== undefined && match.length > 80 ? `…${match.slice(-80)}` : match;
      if (found !== undefined) {
        out.push({ pointer, message: `text panel "${p.title ?? ''}" contains ${found}: scripts and embedded pages run with the viewer's Grafana session (blocked only when disable_sanitize_html is false)` });
      }
    }
    return out;
  },
};
