/**
 * Runs startExporter in its own process for load tests: prints `{"url": ...}` once listening,
 * then `{"rss": ..., "heapUsed": ...}` every 250 ms, and closes cleanly on SIGTERM.
 * Argument: JSON `{ "speed"?: number, "seed"?: number, "lokiUrl"?: string, "otlpEndpoint"?: string }`.
 */
import { startExporter } from '../../src/exporter';

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as { speed?: number; seed?: number; lokiUrl?: string; otlpEndpoint?: string };
  const handle = await startExporter({
    port: 0,
    logStream: null,
    speed: args.speed ?? 4,
    seed: args.seed ?? 1,
    ...(args.lokiUrl ? { lokiUrl: args.lokiUrl } : {}),
    ...(args.otlpEndpoint ? { otlpEndpoint: args.otlpEndpoint } : {}),
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
