/** Machine output: one JSON document with every finding. */
import type { Finding } from '../types';

export function formatJson(findings: readonly Finding[], filesChecked: number): string {
  return JSON.stringify({ filesChecked, findings }, null, 2) + '\n';
}
