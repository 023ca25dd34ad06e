/** Reads Grafana datasource provisioning files (YAML) to learn the provisioned uids and types. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import type { ProvisionedDatasource } from './types';
import { CliError } from '../cli/errors';

/** Exit 2 with one line. */
export class ProvisioningError extends CliError {}

/** `dir` may be a provisioning root (with datasources/), a datasources folder, or one YAML file. */
export function loadProvisionedDatasources(dir: string): ProvisionedDatasource[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new ProvisioningError(`${dir}: no such provisioning directory`);
  }
  let files: string[];
  if (stat.isFile()) files = [dir];
  else {
    const base = fs.existsSync(path.join(dir, 'datasources')) ? path.join(dir, 'datasources') : dir;
    files = fs.readdirSync(base).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(base, f));
  }
  const out: ProvisionedDatasource[] = [];
  for (const file of files) {
    let doc: unknown;
    try {
      doc = parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      throw new ProvisioningError(`${file}: ${(e as Error).message.split('\n')[0]}`);
    }
    const list = (doc as { datasources?: unknown } | null)?.datasources;
    if (!Array.isArray(list)) continue;
    list.forEach((d: Record<string, unknown>, i) => {
      if (typeof d?.['name'] !== 'string' || typeof d['type'] !== 'string') throw new ProvisioningError(`${file}: datasources[${i}] needs a name and a type`);
      out.push({ name: d['name'], type: d['type'], ...(typeof d['uid'] === 'string' ? { uid: d['uid'] } : {}), ...(d['isDefault'] === true ? { isDefault: true } : {}), source: file });
    });
  }
  if (out.length === 0) throw new ProvisioningError(`${dir}: no datasources found in provisioning files`);
  return out;
}
