/** Shared set-up for the end-to-end tests: the Prometheus binary rule and the generated dashboards. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findPrometheus, PROMETHEUS_INSTALL_COMMAND, PrometheusNotFoundError } from '../../src/preview/prometheus';

export const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The Prometheus binary, or undefined when it is missing locally (the caller skips, loudly).
 * In CI (`CI` set) a missing binary throws at import time so the suite fails instead of skipping.
 */
export function prometheusBinaryOrSkip(suite: string): string | undefined {
  try {
    return findPrometheus();
  } catch (error) {
    if (!(error instanceof PrometheusNotFoundError)) throw error;
    if (process.env.CI) throw new Error(`${suite}: ${error.message}. CI must not skip this suite.`, { cause: error });
    const bar = '!'.repeat(100);
    console.warn(`${bar}\n${suite}: SKIPPED — ${error.message}\nInstall: ${PROMETHEUS_INSTALL_COMMAND}\n${bar}`);
    return undefined;
  }
}

export interface GeneratedDashboard {
  readonly file: string;
  readonly json: Record<string, unknown>;
}

/** Every `generated/dashboards/*.json` (run `npm run build-dashboards` first; CI does). */
export function generatedDashboards(): GeneratedDashboard[] {
  const dir = path.join(ROOT, 'generated', 'dashboards');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  if (files.length === 0) throw new Error(`no dashboards in ${dir}: run npm run build-dashboards`);
  return files.map((file) => ({ file, json: JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown> }));
}

export async function poll<T>(what: string, timeoutMs: number, intervalMs: number, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
