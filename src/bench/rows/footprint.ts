/**
 * Telemetry footprint: what each signal costs per simulated pipeline run and per hour, for the
 * full profile and for a minimal air-gapped one, both measured in this run (each profile in a
 * process of its own). The minimal profile's rows carry the full profile as their floor, so the
 * ratio is its share of the full footprint.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { worstCaseSeries } from '../../catalogue/cardinality';
import type { BenchContext } from '../context';
import { npmScriptCommand, PROJECT_ROOT } from '../proc';
import { makeRow, type Row, type Unit } from '../report';

/** Stated rates for the per-hour figures. */
export const RUNS_PER_HOUR = 60;
export const SCRAPES_PER_HOUR = 240; // 15 s scrape / export interval

interface Measured {
  runs: number;
  warmupRuns: number;
  expositionBytes: number;
  series: number;
  otlpMetricBytes: number;
  logLines: number;
  logBytesPushed: number;
  spanBytes: number;
  artefacts: number;
  artefactBytes: number;
  artefactsDeduplicated: number;
  cpuMs: number;
  rssMB: number;
}

function measure(profile: 'full' | 'minimal', runs: number): Measured {
  const loader = npmScriptCommand('exporter').slice(0, -1);
  const args = [...loader.slice(1), path.join(__dirname, '..', 'footprint-child.ts'), profile, String(runs)];
  const r = spawnSync(loader[0]!, args, { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`footprint ${profile}: exit ${r.status}: ${r.stderr.slice(-400)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Measured;
}

const one = (v: number): Row['value'] => ({ median: v, min: v, max: v, runs: 1 });

export function footprintRows(ctx: BenchContext): Row[] {
  const runs = ctx.quick ? 200 : 1000;
  ctx.log(`footprint: ${runs} runs per profile`);
  const full = measure('full', runs);
  const minimal = measure('minimal', runs);
  const perRun = (m: Measured, bytes: number) => bytes / 1024 / (m.runs + m.warmupRuns);
  const perHourMB = (m: Measured) =>
    ((m.expositionBytes + m.otlpMetricBytes) * SCRAPES_PER_HOUR +
      ((m.logBytesPushed + m.spanBytes + m.artefactBytes) / (m.runs + m.warmupRuns)) * RUNS_PER_HOUR) /
    1024 /
    1024;
  const signals: Array<[string, string, Unit, (m: Measured) => number, string?]> = [
    ['exposition', 'metrics exposition, per scrape', 'KB', (m) => m.expositionBytes / 1024],
    ['otlp-metrics', 'OTLP metrics push, per export', 'KB', (m) => m.otlpMetricBytes / 1024],
    ['series', `series exposed (catalogue worst case ${worstCaseSeries()})`, 'n', (m) => m.series],
    ['logs', 'log bytes pushed to Loki, per run', 'KB', (m) => perRun(m, m.logBytesPushed)],
    ['spans', 'span bytes over OTLP, per run', 'KB', (m) => perRun(m, m.spanBytes)],
    ['artefacts', 'artefact bytes stored, per run', 'KB', (m) => perRun(m, m.artefactBytes)],
    ['hour', `all signals per hour (${RUNS_PER_HOUR} runs/h, ${SCRAPES_PER_HOUR} scrapes+exports/h)`, 'MB', perHourMB],
    ['cpu', 'exporter CPU, per run', 'ms', (m) => m.cpuMs / (m.runs + m.warmupRuns)],
    ['rss', 'exporter RSS at the end', 'MB', (m) => m.rssMB],
  ];
  const rows: Row[] = [];
  for (const [id, what, unit, f] of signals) rows.push(makeRow({ id: `footprint/full/${id}`, what: `${what}, full`, unit, value: one(f(full)) }));
  for (const [id, what, unit, f] of signals) {
    const note =
      id === 'hour'
        ? `full: ${full.logLines} log lines, ${full.artefacts} artefacts stored (${full.artefactsDeduplicated} deduplicated) over ${full.runs + full.warmupRuns} runs`
        : undefined;
    rows.push(makeRow({ id: `footprint/minimal/${id}`, what: `${what}, minimal air-gapped`, unit, value: one(f(minimal)), floor: { what: 'full profile', value: one(f(full)) }, ...(note ? { note } : {}) }));
  }
  return rows;
}
