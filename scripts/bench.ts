#!/usr/bin/env node
/** Thin entry for `npm run bench` (`-- --quick` for the reduced set); the logic lives in src/bench/. */
import { parseArgs } from 'node:util';
import { GROUP_NAMES, renderText, runBench, writeResults } from '../src/bench/main';

async function main(argv: string[]): Promise<number> {
  let values: { quick?: boolean; only?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { quick: { type: 'boolean' }, only: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(
      `usage: npm run bench [-- --quick] [-- --only ${GROUP_NAMES.join(',')}]\n\n` +
        'Measures build, watch, validate and exporter speed as ratios to floors measured in the same run.\n' +
        '--quick   reduced set (fewer runs, 200 synthetic dashboards, short exporter load), under a minute\n' +
        '--only    comma-separated groups to run\n',
    );
    return 0;
  }
  const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = only?.filter((g) => !GROUP_NAMES.includes(g)) ?? [];
  if (unknown.length) {
    process.stderr.write(`bench: unknown group(s) ${unknown.join(', ')}; known: ${GROUP_NAMES.join(', ')}\n`);
    return 2;
  }
  const results = await runBench({ quick: Boolean(values.quick), ...(only ? { only } : {}) });
  process.stdout.write(`${renderText(results)}\n`);
  for (const file of writeResults(results)) process.stdout.write(`wrote ${file}\n`);
  // Exit 1 when a measure misses its target, so CI can gate on it if it wants.
  return results.rows.some((r) => r.pass === false) || results.skipped.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: internal error: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(2);
  },
);
