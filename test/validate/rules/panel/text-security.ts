import { dash, panel, type RuleTable } from '../fragment';

const text = (content: string): unknown => dash({ panels: [panel('text', { title: 'Notes', options: { mode: 'html', content } })] });

export const table: RuleTable = {
  rule: 'panel/text-security',
  cases: [
    { name: 'script', input: text('hello <script>alert(1)</script>'), expect: [['warning', '/panels/0/options/content', 'text panel "Notes" contains <script: scripts and embedded pages run with the viewer\'s Grafana session (blocked only when disable_sanitize_html is false)']] },
    { name: 'legacy content field with an event handler', input: dash({ panels: [panel('text', { title: 'Old', content: '<img src=x onerror=alert(1)>' })] }), expect: [['warning', '/panels/0/content', 'text panel "Old" contains <img src=x onerror=: scripts and embedded pages run with the viewer\'s Grafana session (blocked only when disable_sanitize_html is false)']] },
    { name: 'plain markdown', input: text('See the *runbook*.'), expect: [] },
  ],
};
