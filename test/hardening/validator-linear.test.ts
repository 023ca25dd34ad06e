/**
 * Inputs built to make a backtracking engine or a quadratic scan stall: regex matchers with
 * nested quantifiers on closed labels, log stream labels and log events (each compiled once and
 * tested against the catalogue's values), and a 1 MB text panel of `<` runs. Regexes run on RE2
 * (re2js), the text scan in one pass, so each file is checked in well under a second here; the
 * bound asserted is generous (a hang, not a speed target) and the times are printed.
 */
import { performance } from 'node:perf_hooks';
import { loadCatalogue } from '../../src/validate/catalogue';
import { validateText } from '../../src/validate/engine';
import { DEFAULT_CATALOGUE } from '../../src/cli/validate-dashboards';

const catalogue = loadCatalogue(DEFAULT_CATALOGUE);
const NO_HANG_MS = 10_000;

// Nested quantifiers followed by a literal no value contains: exponential for a backtracking engine.
const EVIL = ['(o|on|onl|onli|onlin|online|of|off|offl)*(((o+)+)+)+x', '((.*)*)*(.*)*(.*)*z', '(a|a?)+(a|a?)+(a|a?)+b'];

function dashboard(panels: unknown[]): string {
  return JSON.stringify({ uid: 'hostile', title: 'Hostile', schemaVersion: 42, panels });
}

function timed(text: string): { ms: number; rules: string[] } {
  const started = performance.now();
  const findings = validateText(text, { catalogue, file: 'hostile.json' });
  return { ms: performance.now() - started, rules: [...new Set(findings.map((f) => f.rule))].sort() };
}

describe('hostile inputs finish in linear time', () => {
  test.each(EVIL)('regex %s on closed labels, stream labels and events', (re) => {
    const expr = `sum(rate(compile_success_total{environment=~"${re}"}[$__rate_interval]))`;
    const logs = `{environment=~"${re}"} | json | event=~"${re}"`;
    const text = dashboard([
      { id: 1, type: 'timeseries', title: 'a', gridPos: { x: 0, y: 0, w: 12, h: 8 }, datasource: { type: 'prometheus', uid: 'x' }, targets: [{ refId: 'A', expr }] },
      { id: 2, type: 'logs', title: 'b', gridPos: { x: 12, y: 0, w: 12, h: 8 }, datasource: { type: 'loki', uid: 'y' }, targets: [{ refId: 'A', expr: logs }] },
    ]);
    expect(text.length).toBeLessThan(1000);
    const r = timed(text);
    console.log(`regex ${re}: ${r.ms.toFixed(0)} ms, ${text.length} bytes`);
    expect(r.ms).toBeLessThan(NO_HANG_MS);
    expect(r.rules).toEqual(expect.arrayContaining(['catalogue/label-value', 'catalogue/log-stream-label', 'catalogue/log-event']));
  });

  test.each([
    ['a run of <', '<'.repeat(1 << 20)],
    ['< and spaces with one > at the end', `${'< '.repeat(1 << 19)}>`],
    ['unclosed tags with on-like attributes', '<a o n=1 '.repeat(1 << 17)],
  ])('1 MB text panel: %s', (_name, content) => {
    const text = dashboard([{ id: 1, type: 'text', title: 't', gridPos: { x: 0, y: 0, w: 24, h: 8 }, options: { mode: 'html', content } }]);
    const r = timed(text);
    console.log(`text panel (${_name}): ${r.ms.toFixed(0)} ms, ${(text.length / 1048576).toFixed(1)} MB`);
    expect(r.ms).toBeLessThan(NO_HANG_MS);
  });

  test('an event handler is still found in a huge text', () => {
    const content = `${'<'.repeat(100_000)}<img src=x onerror=alert(1)>`;
    const findings = validateText(dashboard([{ id: 1, type: 'text', title: 't', gridPos: { x: 0, y: 0, w: 24, h: 8 }, options: { content } }]), { catalogue: null });
    expect(findings.filter((f) => f.rule === 'panel/text-security').map((f) => f.message)).toEqual([
      expect.stringMatching(/contains …<+img src=x onerror=: scripts/),
    ]);
  });

  test('a custom variable of 200,000 options used by 2,000 targets: its list is read once, each target parsed at most 16 times', () => {
    const options = Array.from({ length: 200_000 }, (_, i) => (i === 199_999 ? 'foo bar' : `f${i}`)).join(',');
    const targets = Array.from({ length: 2000 }, (_, i) => ({ refId: `R${i}`, expr: `sum($fn(x_total[5m])) + ${i}` }));
    const text = JSON.stringify({
      uid: 'hostile',
      title: 'Hostile',
      schemaVersion: 42,
      templating: { list: [{ name: 'fn', type: 'custom', multi: true, includeAll: true, query: options, current: { value: 'rate' } }] },
      panels: [{ id: 1, type: 'timeseries', title: 'a', gridPos: { x: 0, y: 0, w: 24, h: 8 }, datasource: { type: 'prometheus', uid: 'x' }, targets }],
    });
    const r = timed(text);
    console.log(`custom variable of 200,000 options × 2,000 targets: ${r.ms.toFixed(0)} ms, ${(text.length / 1048576).toFixed(1)} MB`);
    expect(r.ms).toBeLessThan(NO_HANG_MS);
  });

  test('100,000 panels and a 1 MB text panel in one dashboard', () => {
    const panels: unknown[] = Array.from({ length: 100_000 }, (_, i) => ({
      id: i + 1,
      type: 'text',
      title: `p${i}`,
      gridPos: { x: (i % 2) * 12, y: Math.floor(i / 2) * 8, w: 12, h: 8 },
      options: { content: 'hi' },
    }));
    panels.push({ id: 200_001, type: 'text', title: 'big', gridPos: { x: 0, y: 400_000, w: 24, h: 8 }, options: { content: '<'.repeat(1 << 20) } });
    const text = dashboard(panels);
    const started = performance.now();
    const findings = validateText(text, { catalogue: null, file: 'big.json' });
    const ms = performance.now() - started;
    console.log(`100,000 panels + 1 MB text panel (${(text.length / 1048576).toFixed(1)} MB): ${ms.toFixed(0)} ms, ${findings.length} findings`);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(ms).toBeLessThan(60_000);
  }, 120_000);
});
