// Thin entry for `npm run exporter`; logic lives in src/exporter/cli.ts.
import { main } from '../src/exporter/cli';

main(process.argv.slice(2)).then(
  (code) => {
    // Let stdout drain (piped JSON log lines) before exiting.
    process.stdout.write('', () => process.exit(code));
  },
  (error: unknown) => {
    process.stderr.write(`pipeline-exporter: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
