#!/usr/bin/env node
/** Thin entry for `npm run generate-schema [-- --check]`; the logic lives in src/validate/schema/generate.ts. */
import { main } from '../src/validate/schema/generate';

try {
  process.exit(main(process.argv.slice(2), { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) }));
} catch (error) {
  process.stderr.write(`generate-schema: internal error: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(2);
}
