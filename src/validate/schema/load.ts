/** Loads the precompiled validators (generated/schema/validators.js) once per process. */
import * as path from 'node:path';
import type { AjvError } from './messages';

export type ValidateFn = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

export interface Meta {
  sdkVersion: string;
  schemaVersion: number;
  /** Enums whose violation is an error (definition name → allowed values); other enum violations warn. */
  errorEnums: Record<string, unknown[]>;
  /** Grafana panel plugin id → SDK type name (`Options`, `FieldConfig`) → validator export name. */
  panels: Record<string, Record<string, string>>;
  queries: string[];
}

export type Validators = Record<string, ValidateFn> & { meta: Meta };

export const VALIDATORS_FILE = path.resolve(__dirname, '../../../generated/schema/validators.js');

let cached: Validators | undefined;

/** Loads validators.js once per process; `require` caches it anyway, this also keeps the cast in one place. */
export function loadValidators(): Validators {
  cached ??= require(VALIDATORS_FILE) as Validators;
  return cached;
}
