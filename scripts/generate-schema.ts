#!/usr/bin/env node
/** Entry for `npm run generate-schema [-- --check]`; the command lives in src/cli/generate-schema.ts. */
import { runMain } from '../src/cli/command';
import { main } from '../src/cli/generate-schema';

runMain('generate-schema', main);
