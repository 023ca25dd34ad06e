/** `npm run preview`: see src/preview/run-preview.ts. */
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

main(process.argv.slice(2), undefined, controller.signal).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`preview: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(2);
  },
);
