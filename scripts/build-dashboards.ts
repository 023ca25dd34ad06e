#!/usr/bin/env node
/** Thin entry for `npm run build-dashboards`; the logic lives in src/cli/build-dashboards.ts. */
import { main } from '../src/cli/build-dashboards';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`build-dashboards: internal error: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(2);
  },
);
