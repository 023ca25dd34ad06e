// Entry for `npm run exporter` / `pipeline-exporter`; the command lives in src/exporter/cli.ts.
import { runMain } from '../src/cli/command';
import { main } from '../src/exporter/cli';

runMain('pipeline-exporter', (argv, io) => main(argv, io));
