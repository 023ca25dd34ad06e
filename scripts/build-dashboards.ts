#!/usr/bin/env node
/** Entry for `npm run build-dashboards`; the command lives in src/cli/build-dashboards.ts. */
import { runMain } from '../src/cli/command';
import { main } from '../src/cli/build-dashboards';

runMain('build-dashboards', main);
