/** Entry for `npm run preview`; the command lives in src/preview/run-preview.ts. */
import { runMain } from '../src/cli/command';
import { main } from '../src/preview/run-preview';

const controller = new AbortController();
let interrupted = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    interrupted += 1;
    // A second Ctrl-C while stopping gives up waiting.
    if (interrupted > 1) process.exit(130);
    controller.abort();
  });
}

runMain('preview', (argv, io) => main(argv, io, controller.signal));
