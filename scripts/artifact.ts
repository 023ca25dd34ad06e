// Thin entry for `npm run artifact`; logic lives in src/artifacts/.
import { runArtifactCli } from '../src/artifacts/cli';

runArtifactCli(process.argv.slice(2), process.env, { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) }).then(
  (code) => process.stdout.write('', () => process.exit(code)),
  (error: unknown) => {
    process.stderr.write(`artifact: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
