/**
 * Exporter measures: /metrics latency under 50 concurrent scrapers against a bare prom-client
 * registry holding the same series, response size, and RSS growth over a long fast run.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { BenchContext } from '../context';
import { closedLoop, get, startChild, startExporterProcess } from '../load';
import { makeRow, type Row } from '../report';
import { quantile, summarize, type Summary } from '../stats';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const asMs = (values: number[]): Summary => summarize(values);

export async function exporterRows(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  const seconds = ctx.quick ? 2 : 10;
  const concurrency = 50;

  ctx.log(`exporter: ${concurrency} concurrent scrapers for ${seconds} s, exporter then bare registry`);
  const exporter = await startExporterProcess({ speed: 1, seed: 42 });
  let exposition: string;
  let measured: { latencies: number[]; bytes: number };
  try {
    // Wait for the first simulated cycle, so every series exists before capturing them.
    for (let i = 0; i < 100; i += 1) {
      if ((await fetch(`${exporter.url}/readyz`)).status === 200) break;
      await sleep(50);
    }
    exposition = (await get(new http.Agent(), `${exporter.url}/metrics`)).body;
    await closedLoop(`${exporter.url}/metrics`, concurrency, 1); // warm-up
    measured = await closedLoop(`${exporter.url}/metrics`, concurrency, seconds);
  } finally {
    await exporter.stop();
  }
  const expositionFile = path.join(ctx.scratch, 'exposition.txt');
  fs.writeFileSync(expositionFile, exposition);
  const registry = await startChild('registry-child.ts', [expositionFile]);
  let floor: { latencies: number[]; bytes: number };
  try {
    await closedLoop(`${registry.url}/metrics`, concurrency, 1);
    floor = await closedLoop(`${registry.url}/metrics`, concurrency, seconds);
  } finally {
    await registry.stop();
  }
  const sorted = (v: number[]) => [...v].sort((a, b) => a - b);
  const m = sorted(measured.latencies);
  const f = sorted(floor.latencies);
  const point = (v: number): Summary => ({ median: v, min: v, max: v, runs: 1 });
  rows.push(
    makeRow({
      id: 'exporter.p50',
      what: `exporter /metrics p50, ${concurrency} scrapers × ${seconds} s (${m.length} scrapes)`,
      unit: 'ms',
      value: { ...asMs(m), median: quantile(m, 0.5) },
      floor: { what: `bare prom-client registry, same series (${f.length} scrapes)`, value: { ...asMs(f), median: quantile(f, 0.5) } },
    }),
  );
  rows.push(
    makeRow(
      {
        id: 'exporter.p99',
        what: `exporter /metrics p99, ${concurrency} scrapers × ${seconds} s`,
        unit: 'ms',
        value: point(quantile(m, 0.99)),
        floor: { what: 'bare prom-client registry p99', value: point(quantile(f, 0.99)) },
      },
      { maxRatio: 1.5 },
    ),
  );
  rows.push(
    makeRow({
      id: 'exporter.size',
      what: 'exporter /metrics response size',
      unit: 'KB',
      value: point(measured.bytes / 1024),
      floor: { what: 'bare registry, same series', value: point(floor.bytes / 1024) },
    }),
  );

  const speed = 200;
  const warm = ctx.quick ? 3 : 20;
  const long = ctx.quick ? 6 : 90;
  ctx.log(`exporter: RSS over ${long} s at --speed ${speed} (after ${warm} s warm-up), scraped every second`);
  const fast = await startExporterProcess({ speed, seed: 7 });
  const warmSamples: number[] = [];
  const endSamples: number[] = [];
  try {
    const agent = new http.Agent({ keepAlive: true });
    const started = Date.now();
    while (Date.now() - started < (warm + long) * 1000) {
      // Scraped like Prometheus would, so rendering and its caches are part of what is measured.
      await get(agent, `${fast.url}/metrics`);
      const elapsed = (Date.now() - started) / 1000;
      const rss = fast.memory().rss;
      if (elapsed >= warm - 2 && elapsed < warm) warmSamples.push(rss);
      if (elapsed >= warm + long - 3) endSamples.push(rss);
      await sleep(250);
    }
    agent.destroy();
  } finally {
    await fast.stop();
  }
  const mb = (v: number[]) => summarize(v.map((b) => b / 2 ** 20));
  const before = mb(warmSamples);
  const after = mb(endSamples);
  rows.push(
    makeRow(
      {
        id: 'exporter.rss',
        what: `exporter RSS after ${long} s at --speed ${speed}`,
        unit: 'MB',
        value: after,
        floor: { what: `RSS after ${warm} s warm-up`, value: before },
        note: ctx.quick
          ? `growth ${(((after.median - before.median) / before.median) * 100).toFixed(1)} %; --quick's warm-up is too short for a verdict (the heap still grows), the full run judges it`
          : `growth ${(((after.median - before.median) / before.median) * 100).toFixed(1)} % (target ≤ 10 %)`,
      },
      ctx.quick ? {} : { maxRatio: 1.1 },
    ),
  );
  return rows;
}
