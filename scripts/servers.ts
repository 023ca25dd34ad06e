/** `npm run servers`: see src/servers/servers.ts. */
import { main } from '../src/servers/servers';

main(process.argv.slice(2), { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`servers: ${(error as Error).message}\n`);
    process.exit(2);
  },
);
