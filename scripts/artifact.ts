// Entry for `npm run artifact`; the command lives in src/artifacts/cli.ts.
import { runArtifactCli } from '../src/artifacts/cli';
import { runMain } from '../src/cli/command';

runMain('artifact', (argv, io) => runArtifactCli(argv, io));
