/** Entry point of `npm run validate-dashboards` / `npx validate_dashboards`; logic in src/cli/validate-dashboards.ts. */
import { main } from '../src/cli/validate-dashboards';

main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  cwd: process.cwd(),
  colour: process.stdout.isTTY === true && !process.env['NO_COLOR'] && process.env['FORCE_COLOR'] !== '0',
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`validate_dashboards: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 2;
  },
);
