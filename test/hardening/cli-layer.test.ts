/**
 * Every command line goes through the same strict layer: a single-value flag given twice is a
 * usage error (exit 2, one line) instead of yargs silently making an array of it (which dropped
 * --config, printed nothing for --format, or crashed on --port); --help and --version answer 0.
 */
import { runCommand, type Io } from '../../src/cli/command';
import { main as bench } from '../../src/cli/bench';
import { main as build } from '../../src/cli/build-dashboards';
import { main as generateSchema } from '../../src/cli/generate-schema';
import { main as validate } from '../../src/cli/validate-dashboards';
import { main as exporter } from '../../src/exporter/cli';
import { runProbeCli } from '../../src/probe/cli';
import { main as preview } from '../../src/preview/run-preview';
import { ROOT, runScript } from '../helpers/cli';

type Main = (argv: string[], io: Io) => number | Promise<number>;
const COMMANDS: Array<[string, string[], Main]> = [
  ['build-dashboards', ['--out', 'a', '--out', 'b'], build],
  ['validate_dashboards', ['--config', 'x.yaml', '--config', 'x.yaml'], validate],
  ['validate_dashboards', ['--format', 'json', '--format=json'], validate],
  ['validate_dashboards', ['--quiet', '--no-quiet'], validate],
  ['validate_dashboards', ['--max-warnings', '0', '--maxWarnings', '3'], validate],
  ['pipeline-exporter', ['--port', '0', '--port', '0'], (argv, io) => exporter(argv, io, {})],
  ['pipeline-exporter', ['--speed', '2', '--speed', '3'], (argv, io) => exporter(argv, io, {})],
  ['probe', ['--seed', '1', '--seed', '2'], (argv, io) => runProbeCli(argv, io, {})],
  ['preview', ['--port', '0', '--port', '0'], preview],
  ['generate-schema', ['--check', '--check'], generateSchema],
  ['bench', ['--only', 'build', '--only', 'watch'], bench],
];

async function run(name: string, main: Main, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: ROOT, colour: false };
  const code = await runCommand(name, io, () => main(argv, io));
  return { code, stdout, stderr };
}

describe('a repeated single-value flag is a usage error everywhere', () => {
  test.each(COMMANDS)('%s %j', async (name, argv, main) => {
    const r = await run(name, main, argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^${name}: --[a-z-]+ given more than once`));
  });
});

const UNIQUE = [...new Map(COMMANDS.map(([name, , main]) => [name, main])).entries()];

describe('--help and --version answer 0 on every command', () => {
  const { version } = require('../../package.json') as { version: string };
  test.each(UNIQUE)('%s', async (name, main) => {
    const help = await run(name, main, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--version/);
    expect(help.stdout).toMatch(/--help/);
    const v = await run(name, main, ['--version']);
    expect(v).toEqual({ code: 0, stdout: `${name} ${version}\n`, stderr: '' });
  });

  test('unknown flags and stray arguments are one-line usage errors', async () => {
    for (const [name, main] of UNIQUE) {
      const r = await run(name, main, ['--no-such-flag']);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    const stray = await run('pipeline-exporter', (argv, io) => exporter(argv, io, {}), ['extra']);
    expect(stray).toMatchObject({ code: 2, stderr: 'pipeline-exporter: unexpected argument "extra" (see --help)\n' });
  });
});

test('through the real entry point: exit 2 and one line, nothing on stdout', () => {
  const r = runScript('validate-dashboards.ts', ['--format', 'json', '--format', 'json', 'generated/dashboards'], { timeoutMs: 30_000 });
  expect(r).toEqual({ code: 2, stdout: '', stderr: 'validate_dashboards: --format given more than once (see --help)\n' });
});
