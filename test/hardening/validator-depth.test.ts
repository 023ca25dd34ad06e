/**
 * Queries deeper or longer than the grammars handle: long operator chains and deep parentheses,
 * valid PromQL all of them, give one located query/too-complex finding (exit 1), never an
 * internal error or a stack trace, and never a "syntax error" for valid input.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validatorCli } from './helpers';
import { tempDir } from '../helpers/cli';

const chain = (n: number, op: string): string => Array(n).fill('up').join(` ${op} `);
const CASES: Array<[string, string]> = [
  ['5,000 additions', chain(5000, '+')],
  ['100,000 additions', chain(100_000, '+')],
  ['1,000 and', chain(1000, 'and')],
  ['600 unless', chain(600, 'unless')],
  ['3,000 nested parentheses', `${'('.repeat(3000)}up${')'.repeat(3000)}`],
  ['2,000 nested sum()', `${'sum('.repeat(2000)}up${')'.repeat(2000)}`],
];

const dir = tempDir('validator-depth');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test.each(CASES)('%s', async (name, expr) => {
  const file = `${name.replace(/\W+/g, '-')}.json`;
  const panel = { id: 1, type: 'timeseries', title: 't', gridPos: { x: 0, y: 0, w: 12, h: 8 }, datasource: { type: 'prometheus', uid: 'x' }, targets: [{ refId: 'A', expr }] };
  fs.writeFileSync(path.join(dir, file), JSON.stringify({ uid: 'deep', title: 'Deep', schemaVersion: 42, panels: [panel] }));
  const r = await validatorCli(['--no-catalogue', '--format', 'json', file], dir);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(1);
  const findings = (JSON.parse(r.stdout) as { findings: Array<{ rule: string; pointer: string; line: number; exprColumn?: number }> }).findings;
  expect(findings.map((f) => [f.rule, f.pointer])).toEqual([['query/too-complex', '/panels/0/targets/0/expr']]);
  expect(findings[0]!.line).toBe(1);
  expect(findings[0]!.exprColumn).toBeGreaterThan(0);
}, 60_000);
