/**
 * Bench child: the sample exporter on an ephemeral loopback port, logs discarded. Prints one
 * JSON line `{"url": …}` when listening; SIGTERM closes it. Args: <speed> <seed>.
 */
import { startExporter } from '../exporter';

async function main(): Promise<void> {
  const [speed = '1', seed = '1'] = process.argv.slice(2);
  const handle = await startExporter({ host: '127.0.0.1', port: 0, seed: Number(seed), speed: Number(speed), logStream: null });
  process.stdout.write(`${JSON.stringify({ url: handle.url })}\n`);
  process.once('SIGTERM', () => void handle.close(1000).then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(`exporter-child: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(2);
});
