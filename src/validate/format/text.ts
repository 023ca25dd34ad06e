/** Human output: findings grouped by file, colour only when writing to a TTY. */
import { printable } from '../../text/safe-text';
import type { Finding, Severity } from '../types';

/**
 * A file name starts its line: one beginning with `::` would be read by GitHub Actions as a
 * workflow command, so it is shown as the same path with `./` in front.
 */
function fileLine(file: string): string {
  const shown = printable(file);
  return shown.trimStart().startsWith('::') ? `./${shown}` : shown;
}

const COLOURS: Record<Severity, string> = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m' };
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

export function formatText(findings: readonly Finding[], options: { colour: boolean; filesChecked: number }): string {
  const c = (code: string, s: string): string => (options.colour ? code + s + RESET : s);
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!byFile.has(f.file)) byFile.set(f.file, []);
    byFile.get(f.file)!.push(f);
  }
  const lines: string[] = [];
  for (const [file, list] of byFile) {
    lines.push(c('\x1b[1m', fileLine(file)));
    for (const f of list) {
      const where = `${f.line}:${f.column}`.padEnd(9);
      const panel = f.panelTitle !== undefined ? ` [panel "${printable(f.panelTitle)}"]` : '';
      const expr = f.exprColumn !== undefined ? ` (expr col ${f.exprColumn})` : '';
      lines.push(`  ${where} ${c(COLOURS[f.severity], f.severity.padEnd(7))} ${printable(f.message)}${panel}${expr}  ${c(DIM, `${f.rule} ${printable(f.pointer) || '/'}`)}`);
    }
    lines.push('');
  }
  const n = (s: Severity): number => findings.filter((f) => f.severity === s).length;
  lines.push(`${options.filesChecked} file(s) checked: ${n('error')} error(s), ${n('warning')} warning(s), ${n('info')} info`);
  return lines.join('\n') + '\n';
}
