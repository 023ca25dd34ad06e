// Entry for `npm run new-dashboard`; the command lives in src/cli/new-dashboard.ts.
import { runMain } from '../src/cli/command';
import { main } from '../src/cli/new-dashboard';

runMain('new-dashboard', main);
