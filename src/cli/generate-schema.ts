/** `generate-schema [--check]`: exit 0 ok / up to date, 1 stale (--check), 2 usage. */
import * as path from 'node:path';
import { EXIT_FINDINGS, EXIT_OK, parseCommand, type Io } from './command';
import { generate, PROJECT_ROOT, SCHEMA_DIR, staleFiles, writeFiles } from '../build/schema/generate';

export function main(argv: string[], io: Io): number {
  const args = parseCommand(
    {
      name: 'generate-schema',
      usage: '$0 [--check]\n\nGenerate generated/schema/*.json and validators.js from the pinned Grafana Foundation SDK types.',
      options: { check: { type: 'boolean', describe: 'Write nothing; exit 1 if generated/schema is stale' } },
    },
    argv,
    io,
  );
  if (typeof args === 'number') return args;
  const started = Date.now();
  const result = generate();
  for (const kind of result.skippedKinds) io.stderr(`generate-schema: SDK ${result.sdkVersion} has no panel kind "${kind}"; skipped\n`);
  const rel = path.relative(PROJECT_ROOT, SCHEMA_DIR);
  if (args.check) {
    const stale = staleFiles(result);
    if (stale.length) {
      io.stderr(`generate-schema: ${rel} is stale (${stale.join(', ')}); run \`npm run generate-schema\` and commit the result\n`);
      return EXIT_FINDINGS;
    }
    io.stdout(`generate-schema: ${rel} is up to date (${result.files.length} files, SDK ${result.sdkVersion})\n`);
    return EXIT_OK;
  }
  const { written, removed } = writeFiles(result);
  const bytes = result.files.reduce((n, f) => n + Buffer.byteLength(f.content), 0);
  io.stdout(
    `generate-schema: ${result.files.length} files in ${rel} (${(bytes / 1024).toFixed(0)} KiB; ${written.length} written, ${removed.length} removed) from SDK ${result.sdkVersion}, schemaVersion ${result.schemaVersion}, in ${Date.now() - started} ms\n`,
  );
  return EXIT_OK;
}
