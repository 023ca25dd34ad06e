/**
 * The sample exporter in a process of its own for load measures (bench and hardening tests), on
 * an ephemeral loopback port with logs discarded. Prints `{"url"}` once listening, then
 * `{"rss","heapUsed"}` every 250 ms; SIGTERM closes it.
 * Argument: JSON `{ "speed"?: number, "seed"?: number, "lokiUrl"?: string, "otlpEndpoint"?: string }`.
 */
import { startExporter } from '../exporter';
import type { ExporterChildOptions } from './load';

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as ExporterChildOptions;
  const handle = await startExporter({
    host: '127.0.0.1',
    port: 0,
    logStream: null,
    speed: options.speed ?? 4,
    seed: options.seed ?? 1,
    ...(options.lokiUrl ? { lokiUrl: options.lokiUrl } : {}),
    ...(options.otlpEndpoint ? { otlpEndpoint: options.otlpEndpoint } : {}),
  });
  const report = () => {
    const m = process.memoryUsage();
    process.stdout.write(`${JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed })}\n`);
  };
  process.stdout.write(`${JSON.stringify({ url: handle.url })}\n`);
  report();
  const timer = setInterval(report, 250);
  process.once('SIGTERM', () => {
    clearInterval(timer);
    void handle.close(1000).then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`exporter-child: ${(error as Error).message}\n`);
  process.exit(2);
});
