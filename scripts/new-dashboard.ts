#!/usr/bin/env node
/** Thin entry for `npm run new-dashboard`; the logic lives in src/cli/new-dashboard.ts. */
import { main } from '../src/cli/new-dashboard';

process.exitCode = main(process.argv.slice(2), { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) });
