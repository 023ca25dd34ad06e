/**
 * `../shared` beside the checkout holds test input that is not ours to commit: a corpus of
 * third-party Grafana dashboards and the JSON schemas published in the SDK's repository. Tests
 * that need it ask here: absent, they are skipped with one line saying so; with CI=true, absent
 * is an error (CI must run them).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './cli';

export const SHARED_DIR = path.resolve(ROOT, '..', 'shared');

/** The folder `../shared/<rel>`, or undefined (after one warning line) when it is absent outside CI. */
export function sharedDir(rel: string, usedFor: string): string | undefined {
  const dir = path.join(SHARED_DIR, rel);
  if (fs.existsSync(dir)) return dir;
  const message = `../shared/${rel} is absent (${usedFor}; test input kept beside the checkout, see README "Tests")`;
  if (process.env.CI === 'true') throw new Error(`${message}: CI must not skip these tests`);
  process.stderr.write(`SKIPPED: ${message}\n`);
  return undefined;
}
