/**
 * What a simulated toolchain prints. Successful builds print the same banner for a backend
 * (so their artefacts deduplicate, as real no-warning builds mostly do); failures print
 * diagnostics naming the clause's source file, tens to hundreds of lines long.
 */
import type { ToolchainOutput } from '../artifacts';
import type { CompilePlan } from './model';

const EXTENSIONS: Record<string, string> = { gcc: 'c', rustc: 'rs', 'wasm-ld': 'o', nvcc: 'cu', yosys: 'v' };

export function toolchainOutputOf(compile: CompilePlan, backend: string, operator: string, clauseId: string): ToolchainOutput {
  const file = `kernels/${operator}_${clauseId}.${EXTENSIONS[compile.binary] ?? 'src'}`;
  if (compile.status === 'success') {
    const stdout = compile.cacheHit
      ? `${compile.binary}: build cache hit, artefact reused\n`
      : `${compile.binary}: compiling 1 translation unit for ${backend}\n${compile.binary}: linking\n${compile.binary}: done, 0 warnings\n`;
    return { stdout, stderr: '' };
  }
  if (compile.exitCode === 127) return { stdout: '', stderr: `sh: 1: ${compile.binary}: not found\n` };
  // Diagnostic length follows the clause hash: 8 to 263 note lines.
  const notes = 8 + (parseInt(clauseId.slice(0, 2), 16) || 0);
  const lines = [`${file}:${12 + notes}:5: error[${compile.errorCode ?? 'E0000'}]: ${backend} lowering of ${operator} produced code the toolchain rejects`];
  for (let i = 0; i < notes; i++) lines.push(`${file}:${12 + i}:9: note: in expansion of ${operator}_tile_${i} (clause ${clauseId})`);
  if (compile.exitCode === 137) lines.push(`${compile.binary}: fatal: killed (out of memory)`);
  lines.push(`${compile.binary}: 1 error generated; exit status ${compile.exitCode}`);
  return { stdout: `${compile.binary}: compiling 1 translation unit for ${backend}\n`, stderr: `${lines.join('\n')}\n` };
}
