// Entry for `npm run probe`; the command lives in src/probe/cli.ts.
import { runMain } from '../src/cli/command';
import { runProbeCli } from '../src/probe/cli';

runMain('probe', (argv, io) => runProbeCli(argv, io));
