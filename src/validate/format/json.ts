/** Machine output: one JSON document with every finding. */
import { jsonPrintable } from '../../text/safe-text';
import type { Finding } from '../types';

export function formatJson(findings: readonly Finding[], filesChecked: number): string {
  return jsonPrintable(JSON.stringify({ filesChecked, findings }, null, 2)) + '\n';
}
