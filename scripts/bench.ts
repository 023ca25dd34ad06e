#!/usr/bin/env node
/** Entry for `npm run bench`; the command lives in src/cli/bench.ts. */
import { runMain } from '../src/cli/command';
import { main } from '../src/cli/bench';

runMain('bench', main);
