/**
 * `npm run probe`: run one instrumented cycle and print what it emitted. Exit 0 when every
 * required signal was emitted, 1 when some was not, 2 on bad arguments.
 */
import { parseCommand, type Io } from '../cli/command';
import { labels } from '../catalogue';
import { parseEnvironment, parseSeed, ConfigError } from '../exporter/config';
import { outcomes, type Outcome } from '../simulation';
import { formatProbe } from './format';
import { runProbe, type ProbeOptions } from './probe';

const USAGE = `Usage: npm run probe -- [--backend NAME] [--operator NAME] [--outcome ${outcomes.join('|')}] [--json]

Runs one representative lowering + compile cycle with instrumentation on and prints the spans
(with attributes), metric samples and log lines it emitted. Exits 1 if a span, attribute,
metric or log event the catalogue requires for that cycle is missing.`;

/** The probe steers the simulation, which knows only the catalogue's values (their profiles and registry entries). */
function checkName(value: string, label: 'backend' | 'operator'): string {
  const allowed: readonly string[] = labels[label].values;
  if (!allowed.includes(value)) throw new ConfigError(`invalid --${label} "${value}": expected one of ${allowed.join(', ')}`);
  return value;
}

/** Parsed options, or the exit code for --help/--version (0); throws ConfigError (exit 2) for bad input. */
export function parseProbeArgs(argv: string[], env: NodeJS.ProcessEnv, io: Io): { options: ProbeOptions; json: boolean } | number {
  const args = parseCommand(
    {
      name: 'probe',
      usage: USAGE,
      options: {
        backend: { type: 'string', default: labels.backend.values[0], describe: `Backend to lower and compile with: ${labels.backend.values.join(', ')}` },
        operator: { type: 'string', default: labels.operator.values[0], describe: `Operator to lower: ${labels.operator.values.join(', ')}` },
        outcome: { type: 'string', default: 'success', describe: `Forced outcome: ${outcomes.join(', ')}` },
        environment: { type: 'string', describe: 'online | offline (default TELEMETRY_ENVIRONMENT or online)' },
        seed: { type: 'string', default: '1', describe: 'Seed of the simulated values' },
        json: { type: 'boolean', default: false, describe: 'Print the result as JSON' },
      },
    },
    argv,
    io,
  );
  if (typeof args === 'number') return args;
  {
    if (!(outcomes as readonly string[]).includes(args.outcome)) throw new ConfigError(`invalid --outcome "${args.outcome}": expected one of ${outcomes.join(', ')}`);
    const envValue = args.environment ?? (env.TELEMETRY_ENVIRONMENT || undefined);
    const source = args.environment !== undefined ? '--environment' : 'TELEMETRY_ENVIRONMENT';
    return {
      options: {
        backend: checkName(args.backend, 'backend'),
        operator: checkName(args.operator, 'operator'),
        outcome: args.outcome as Outcome,
        environment: envValue !== undefined ? parseEnvironment(envValue, source) : 'online',
        seed: parseSeed(args.seed, '--seed'),
      },
      json: args.json,
    };
  }
}

export async function runProbeCli(argv: string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const parsed = parseProbeArgs(argv, env, io);
  if (typeof parsed === 'number') return parsed;
  const result = await runProbe(parsed.options);
  io.stdout(parsed.json ? `${JSON.stringify(result, null, 2)}\n` : formatProbe(result));
  return result.findings.length === 0 ? 0 : 1;
}
