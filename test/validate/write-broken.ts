/**
 * Regenerates test/fixtures/validate/broken/ from cases.ts: one dashboard per defect, plus the
 * JSON-layer defects, and expected.json (file → rule, pointer, severity). Run by hand:
 *   node -r sucrase/register/ts test/validate/write-broken.ts
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { baseDashboard, cases, ROOT } from './cases';

const dir = path.join(ROOT, 'test', 'fixtures', 'validate', 'broken');
fs.mkdirSync(dir, { recursive: true });
for (const f of fs.readdirSync(dir)) fs.rmSync(path.join(dir, f));
const expected: { file: string; rule: string; pointer: string; severity: string; line?: number; column?: number }[] = [];
const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
for (const c of cases) {
  const d = baseDashboard();
  c.mutate(d);
  const file = `${c.rule.replace('/', '--')}--${slug(c.name)}.json`;
  fs.writeFileSync(path.join(dir, file), JSON.stringify(d, null, 2) + '\n');
  expected.push({ file, rule: c.rule, pointer: c.pointer, severity: c.severity });
}
const text = JSON.stringify(baseDashboard(), null, 2);
fs.writeFileSync(path.join(dir, 'json--syntax--missing-comma.json'), text.replace('"editable": true,', '"editable": true'));
expected.push({ file: 'json--syntax--missing-comma.json', rule: 'json/syntax', pointer: '', severity: 'error', line: 5, column: 3 });
fs.writeFileSync(path.join(dir, 'json--duplicate-key--title.json'), text.replace('"refresh": "30s",', '"refresh": "30s",\n  "title": "Shadowed title",'));
expected.push({ file: 'json--duplicate-key--title.json', rule: 'json/duplicate-key', pointer: '/title', severity: 'error' });
fs.writeFileSync(path.join(dir, 'json--not-object--array.json'), `[${text}]\n`);
expected.push({ file: 'json--not-object--array.json', rule: 'json/not-object', pointer: '', severity: 'error' });
fs.writeFileSync(path.join(dir, '..', 'broken-expected.json'), JSON.stringify(expected, null, 2) + '\n');
console.log(`wrote ${expected.length} broken dashboards to ${path.relative(ROOT, dir)}`);
