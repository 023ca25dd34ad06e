/**
 * The exporter under scrape load with slow clients attached: 300 scrapes/s for 8 s
 * (`HARDENING_FULL=1`: 1,000 scrapes/s for 60 s).
 * Asserts what must hold on any machine: every scrape answered 200, exporter memory bounded,
 * and slowloris connections (headers sent byte by byte, never finished) closed by the server's
 * headers timeout instead of being held forever. Latency figures are printed, never asserted.
 */
import { runLoad, slowClients, startExporterProcess, type ChildServer } from '../../src/bench/load';
import { FULL } from './helpers';

const RATE = FULL ? 1000 : 300;
const SECONDS = FULL ? 60 : 8;
const SLOW = 50;
/** The exporter must close a connection whose headers never finish within this long (headersTimeout + check interval + slack). */
const SLOW_CLOSE_LIMIT_MS = 20_000;
/** RSS growth allowed during the run; a leak per scrape (≈ 2,400 scrapes here) would exceed it. */
const RSS_GROWTH_LIMIT = 150 * 1024 * 1024;

describe(`exporter under ${RATE} scrapes/s for ${SECONDS} s with ${SLOW} slow clients`, () => {
  let exporter: ChildServer;

  beforeAll(async () => {
    exporter = await startExporterProcess({ speed: 4, seed: 7 });
    // Let the first cycles populate every series before measuring memory.
    await new Promise((r) => setTimeout(r, 1000));
  }, 30_000);

  afterAll(async () => {
    await exporter?.stop();
  });

  test(
    'all scrapes answered, memory bounded, slow clients cut off by the server',
    async () => {
      const before = exporter.memory().rss;
      let peak = before;
      const slow = slowClients(exporter.url, SLOW);
      const opened = Date.now();
      try {
        const result = await runLoad({
          url: `${exporter.url}/metrics`,
          rate: RATE,
          durationMs: SECONDS * 1000,
          onSecond: () => (peak = Math.max(peak, exporter.memory().rss)),
        });
        console.log(
          `exporter load: ${result.completed} scrapes in ${(result.durationMs / 1000).toFixed(1)} s (${result.achievedRate.toFixed(0)}/s, target ${RATE}/s), ` +
            `p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, skipped ${result.skipped}, retried ${result.retried}, ` +
            `RSS ${(before / 1048576).toFixed(0)} -> peak ${(peak / 1048576).toFixed(0)} MB, slow clients closed ${slow.closedByServer()}/${SLOW}`,
        );
        expect(result.errors).toEqual({});
        expect(result.non200).toBe(0);
        expect(result.completed).toBeGreaterThan(0);
        expect(result.completed + result.skipped).toBe(result.scheduled);
        expect(peak - before).toBeLessThan(RSS_GROWTH_LIMIT);

        while (slow.closedByServer() < SLOW && Date.now() - opened < SLOW_CLOSE_LIMIT_MS) await new Promise((r) => setTimeout(r, 100));
        expect({ slowClientsClosedByServer: slow.closedByServer() }).toEqual({ slowClientsClosedByServer: SLOW });
        // Scrapes still work once the slow clients are gone.
        const after = await fetch(`${exporter.url}/metrics`, { signal: AbortSignal.timeout(5000) });
        expect(after.status).toBe(200);
      } finally {
        slow.stop();
      }
    },
    (SECONDS + 40) * 1000,
  );
});
