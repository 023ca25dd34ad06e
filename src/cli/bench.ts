/** `npm run bench [-- --quick] [-- --only GROUPS]`; the measurements live in src/bench/. */
import { CliError, parseCommand, type Io } from './command';
import { GROUP_NAMES, renderText, runBench, writeResults } from '../bench/main';

export async function main(argv: string[], io: Io): Promise<number> {
  const args = parseCommand(
    {
      name: 'bench',
      usage: `$0 [--quick] [--only ${GROUP_NAMES.join(',')}]\n\nMeasures build, watch, validate and exporter speed as ratios to floors measured in the same run.`,
      options: {
        quick: { type: 'boolean', describe: 'Reduced set (fewer runs, 200 synthetic dashboards, short exporter load), under a minute' },
        only: { type: 'string', describe: 'Comma-separated groups to run' },
      },
    },
    argv,
    io,
  );
  if (typeof args === 'number') return args;
  const only = args.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = only?.filter((g) => !GROUP_NAMES.includes(g)) ?? [];
  if (unknown.length) throw new CliError(`unknown group(s) ${unknown.join(', ')}; known: ${GROUP_NAMES.join(', ')}`);
  const results = await runBench({ quick: Boolean(args.quick), ...(only ? { only } : {}) });
  io.stdout(`${renderText(results)}\n`);
  for (const file of writeResults(results)) io.stdout(`wrote ${file}\n`);
  // Exit 1 when a measure misses its target, so CI can gate on it if it wants.
  return results.rows.some((r) => r.pass === false) || results.skipped.length ? 1 : 0;
}
