/**
 * The README walkthrough, done literally in a temporary copy of the project: every code block
 * between `<!-- walkthrough -->` markers is applied (catalogue blocks inserted into the named
 * object, dashboard blocks written as files) and every command run, each expected to exit 0.
 * Then the exporter of that copy must serve samples of the new metrics and report ready.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { poll, prometheusBinaryOrSkip, ROOT } from './environment';

interface Step {
  readonly kind: 'insert' | 'file' | 'sh';
  readonly target: string;
  readonly body: string;
}

function walkthrough(): Step[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('<!-- walkthrough -->');
  const end = readme.indexOf('<!-- /walkthrough -->');
  if (start < 0 || end < start) throw new Error('README.md has no <!-- walkthrough --> section');
  const steps: Step[] = [];
  for (const m of readme.slice(start, end).matchAll(/^```(\w+)(?: (\S+))?\n([\s\S]*?)^```$/gm)) {
    const [, lang, target = '', body = ''] = m;
    if (lang === 'sh') steps.push({ kind: 'sh', target: '', body });
    else if (target.startsWith('dashboards/')) steps.push({ kind: 'file', target, body });
    else steps.push({ kind: 'insert', target, body });
  }
  return steps;
}

/** Catalogue objects end with `} as const satisfies …`: entries go just before it. */
function insertEntries(file: string, body: string): void {
  const text = fs.readFileSync(file, 'utf8');
  const at = text.search(/^\} as const satisfies/m);
  if (at < 0) throw new Error(`${file}: no "} as const satisfies" line to insert before`);
  fs.writeFileSync(file, text.slice(0, at) + body + text.slice(at));
}

function copyProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workflow-'));
  const skip = new Set(['node_modules', '.git', 'bench']);
  for (const entry of fs.readdirSync(ROOT)) {
    if (skip.has(entry)) continue;
    fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

function run(cwd: string, line: string): { code: number | null; output: string } {
  const r = spawnSync('sh', ['-c', line], { cwd, encoding: 'utf8', timeout: 240_000, env: { ...process.env, FORCE_COLOR: '0' }, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, output: `${r.stdout}\n${r.stderr}` };
}

const binary = prometheusBinaryOrSkip('workflow e2e');
const NEW_METRICS = ['queue_jobs_total', 'queue_wait_seconds', 'queue_depth'];

(binary ? test : test.skip)(
  'the README walkthrough: new metrics and a dashboard work end to end with no other edit',
  async () => {
    const dir = copyProject();
    try {
      const steps = walkthrough();
      expect(steps.map((s) => s.kind)).toEqual(expect.arrayContaining(['insert', 'file', 'sh']));
      for (const step of steps) {
        if (step.kind === 'insert') insertEntries(path.join(dir, step.target), step.body);
        else if (step.kind === 'file') {
          // The scaffold must exist first (a README command made it) and be valid on its own: the build step checks that.
          expect(fs.existsSync(path.join(dir, step.target))).toBe(true);
          fs.writeFileSync(path.join(dir, step.target), step.body);
        } else {
          for (const line of step.body.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'))) {
            const r = run(dir, line);
            expect({ line, code: r.code, output: r.code === 0 ? '' : r.output }).toEqual({ line, code: 0, output: '' });
            if (line.includes('probe')) for (const m of NEW_METRICS) expect(r.output).toContain(m);
            if (line.includes('preview')) {
              for (const title of ['Jobs taken per queue', 'Queue wait p90 by backend', 'Jobs waiting']) expect(r.output).toContain(title);
              expect(r.output).not.toContain('NO DATA');
            }
          }
        }
      }
      for (const m of NEW_METRICS) expect(fs.readFileSync(path.join(dir, 'generated', 'prometheus', 'prometheus.yml'), 'utf8')).toContain(m);

      // The copy's exporter: ready only once every new series has samples.
      const child = spawn(process.execPath, ['-r', './src/loader/register-ts.js', 'scripts/exporter.ts', '--port', '0', '--seed', '5'], {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        let out = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        const url = await poll('exporter URL', 30_000, 100, async () => /listening on (http:\/\/\S+)\/metrics/.exec(out)?.[1]);
        await poll('/readyz', 30_000, 200, async () => ((await fetch(`${url}/readyz`)).status === 200 ? true : undefined));
        const body = await (await fetch(`${url}/metrics`)).text();
        expect(body).toMatch(/^queue_jobs_total\{environment="online",host_region="[a-z-]+",queue="(interactive|batch)"\} \d+/m);
        expect(body).toMatch(/^queue_wait_seconds_count\{environment="online",host_region="[a-z-]+",backend="[a-z0-9]+",queue="(interactive|batch)"\} [1-9]/m);
        expect(body).toMatch(/^queue_depth\{environment="online",host_region="[a-z-]+",queue="(interactive|batch)"\} \d+/m);
      } finally {
        child.kill('SIGTERM');
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
  900_000,
);
