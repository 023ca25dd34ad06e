/**
 * Temporary files of one bench run. They live under .cache/ inside the project so that synthetic
 * dashboard modules resolve the SDK exactly like dashboards/ does, while staying git-ignored and
 * outside every watched or type-checked folder (not under node_modules/: loaders such as
 * sucrase's skip TypeScript there). Removed when the run ends.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from './proc';

export const SCRATCH_PARENT = path.join(PROJECT_ROOT, '.cache', 'bench');

export function createScratch(): { dir: string; remove: () => void } {
  fs.mkdirSync(SCRATCH_PARENT, { recursive: true });
  const dir = fs.mkdtempSync(path.join(SCRATCH_PARENT, `run-${process.pid}-`));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A fresh, empty sub-folder (each cold build writes into a new one, paying the full write). */
export function freshDir(scratch: string, name: string): string {
  const dir = path.join(scratch, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export const PIPELINE_MODULE = path.join(PROJECT_ROOT, 'dashboards', 'pipeline');

export function syntheticUid(i: number): string {
  return `bench-${String(i).padStart(4, '0')}`;
}
export function syntheticTitle(i: number): string {
  return `Compile Pipeline Overview (bench ${String(i).padStart(4, '0')})`;
}

/** One dashboard module derived from the pipeline dashboard: same panels, its own uid and title. */
export function syntheticModule(dir: string, i: number, title: string = syntheticTitle(i)): string {
  let rel = path.relative(dir, PIPELINE_MODULE).split(path.sep).join('/');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return [
    `import base from ${JSON.stringify(rel)};`,
    `export default { build: () => ({ ...base.build(), uid: ${JSON.stringify(syntheticUid(i))}, title: ${JSON.stringify(title)} }) };`,
    '',
  ].join('\n');
}

/** Writes n synthetic dashboard modules (`bench-0001.ts` …) into dir. */
export function writeSyntheticModules(dir: string, n: number): void {
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 1; i <= n; i += 1) fs.writeFileSync(path.join(dir, `${syntheticUid(i)}.ts`), syntheticModule(dir, i));
}
