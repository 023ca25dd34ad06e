/** GitHub Actions workflow commands: one annotation per finding, shown on the PR diff. */
import { printable } from '../../text/safe-text';
import type { Finding } from '../types';

const LEVEL = { error: 'error', warning: 'warning', info: 'notice' } as const;

// Workflow-command escaping: data escapes %, CR, LF; properties also , and :. Other control
// characters (terminal escapes) are written as visible escapes first.
const escapeData = (s: string): string => printable(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function formatGithub(findings: readonly Finding[]): string {
  return findings
    .map((f) => {
      const props = [`file=${escapeProperty(f.file)}`];
      if (f.line > 0) props.push(`line=${f.line}`, `col=${f.column}`);
      props.push(`title=${escapeProperty(f.rule)}`);
      const where = [f.pointer && `at ${f.pointer}`, f.panelTitle !== undefined && `panel "${f.panelTitle}"`, f.exprColumn !== undefined && `expr col ${f.exprColumn}`].filter(Boolean).join(', ');
      return `::${LEVEL[f.severity]} ${props.join(',')}::${escapeData(f.message + (where ? ` (${where})` : ''))}`;
    })
    .map((l) => l + '\n')
    .join('');
}
