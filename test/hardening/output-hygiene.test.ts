/**
 * Data printed by the validator cannot start a line or move the terminal: titles, file names and
 * messages holding newlines, `::error` workflow commands or escape sequences are printed with
 * their control characters escaped, in every format. In `text` and `github` output no line that
 * comes from data can be read by GitHub Actions as a workflow command.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validatorCli } from './helpers';
import { tempDir } from '../helpers/cli';

const FORGED = '::error file=src/forged.ts,line=1::forged finding';
const ESC = '\u001b]0;owned\u0007\u001b[2J';

function hostileDashboard(): string {
  return JSON.stringify({
    uid: 'hostile',
    title: `Hostile\n${FORGED}`,
    schemaVersion: 42,
    panels: [
      { id: 1, type: 'timeseries', title: `CPU\r\n${FORGED}${ESC}`, targets: [{ refId: 'A', expr: 'up' }] },
      { id: 1, type: 'stat', title: `\u202eevil${ESC}`, gridPos: { x: 0, y: 0, w: 0, h: 4 } },
    ],
  });
}

const dir = tempDir('output-hygiene');
const FORGED_NAME = FORGED.replace('src/', ''); // a file name holds no '/'
const names = [`dash\n${FORGED_NAME}.json`, `${FORGED_NAME}.json`, `esc${ESC}.json`];
for (const n of names) fs.writeFileSync(path.join(dir, n), hostileDashboard());
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.each(['text', 'github', 'json', 'sarif'])('--format %s', (format) => {
  test('no raw control characters, no forged workflow command', async () => {
    const r = await validatorCli(['--no-catalogue', '--format', format, ...names], dir);
    expect(r.stderr).toBe('');
    // The hostile titles and file names are in the report (escaped), not dropped.
    expect(r.stdout).toContain('forged finding');
    // Only newlines that end our own lines (and JSON's indentation) remain.
    // eslint-disable-next-line no-control-regex
    expect(r.stdout.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
    const lines = r.stdout.split('\n');
    const commands = lines.filter((l) => l.trimStart().startsWith('::'));
    if (format === 'github') {
      // Every annotation is ours: it names one of the files given, escaped, and nothing else starts with ::.
      expect(commands.length).toBeGreaterThan(0);
      for (const c of commands) expect(c).toMatch(/^::(error|warning|notice) file=[^,]*(dash|%3A%3Aerror|esc)[^,]*,/);
      expect(commands.some((c) => /^::error file=(src\/)?forged\.ts/.test(c))).toBe(false);
    } else {
      expect(commands).toEqual([]);
    }
  });
});
