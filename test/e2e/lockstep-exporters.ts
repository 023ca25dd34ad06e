// Child process for the metrics-paths e2e (the OTLP/HTTP exporter needs a real Node process,
// not jest's sandbox): one exporter per metrics mode, same seed, ticked in lockstep so their
// registries hold the same series. Prints {"<mode>": {"host","port"}} once ready; runs until
// SIGTERM, or 150 s at most; SIGUSR2 stops the runs. Usage: lockstep-exporters.ts <seed> <push url for both> <push url for otlp>
import { startExporter, type ExporterHandle } from '../../src/exporter';

async function main(): Promise<void> {
  const [seed, bothUrl, otlpUrl] = process.argv.slice(2);
  const exporters: Array<[string, ExporterHandle]> = [];
  for (const [mode, url] of [['prometheus', undefined], ['both', bothUrl], ['otlp', otlpUrl]] as const) {
    const handle = await startExporter({
      seed: Number(seed),
      logStream: null,
      autoTick: false,
      metricsExporter: mode,
      metricExportIntervalMs: 2000,
      ...(url ? { otlpEndpoint: url } : {}),
    });
    exporters.push([mode, handle]);
  }
  const ticker = setInterval(() => {
    for (const [, e] of exporters) e.simulator.tick(1);
  }, 250);
  const stop = async (): Promise<void> => {
    clearInterval(ticker);
    await Promise.all(exporters.map(([, e]) => e.close(1000)));
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  // SIGUSR2 freezes the registries (no more runs) and pushes once more, so every path settles on one state.
  process.on('SIGUSR2', () => {
    clearInterval(ticker);
    void Promise.all(exporters.map(([, e]) => e.telemetry.otlpMetrics?.forceFlush()));
  });
  setTimeout(() => void stop(), 150_000).unref();
  process.stdout.write(`${JSON.stringify(Object.fromEntries(exporters.map(([m, e]) => [m, { host: e.host, port: e.port }])))}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
