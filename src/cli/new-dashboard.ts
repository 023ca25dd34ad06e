/**
 * `new-dashboard NAME`: writes dashboards/NAME.ts, a dashboard that builds, type-checks and passes
 * the validator as written (datasource picker, label filters, one panel applying all of them).
 * Exit 0 written, 2 usage error (bad name, file exists).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_DASHBOARDS_DIR } from '../build/build';
import { CliError, EXIT_OK, parseCommand, type Io } from './command';

/** Doubles as the dashboard uid (Grafana's 40-character limit) and the file name. */
const NAME = /^[a-z][a-z0-9-]{0,39}$/;

export function titleOf(name: string): string {
  return name
    .split('-')
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');
}

export function dashboardSource(name: string): string {
  const title = titleOf(name);
  return `/** ${title}: scaffolded by \`npm run new-dashboard\`. Queries come from the typed builders, so a misspelt metric or label fails tsc. */
import { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';
import { pipelineDashboard } from '../src/panels/dashboard';
import { GridLayout } from '../src/panels/layout';
import { legend, promTarget } from '../src/panels/targets';
import { metric, rate, sum } from '../src/queries/promql';

// The filters the dashboard shows; every panel applies each one its metric carries.
const scope = { environment: '$environment', host_region: '$host_region', backend: '$backend' } as const;

const layout = new GridLayout()
  .row('Overview')
  .panel(
    new TimeseriesPanel()
      .title('Compile rate by backend')
      .description('Successful toolchain compilations per second, by backend.')
      .withTarget(promTarget('A', sum(rate(metric('compile_success_total').where(scope).over('$__rate_interval'))).by('backend'), { legend: '{{backend}}' }))
      .unit('cps')
      .min(0)
      .legend(legend()),
    24,
    8,
  );

export default layout.applyTo(
  pipelineDashboard({
    title: '${title}',
    uid: '${name}',
    description: '${title} of the compile pipeline.',
    filters: ['environment', 'host_region', 'backend'],
  }),
);
`;
}

export function main(argv: string[], io: Io): number {
  const args = parseCommand(
    {
      name: 'new-dashboard',
      usage: '$0 NAME\n\nWrite dashboards/NAME.ts: a dashboard with a datasource picker, label filters and one panel, valid as written.',
      positionals: 'NAME',
      options: {
        dashboards: { type: 'string', default: DEFAULT_DASHBOARDS_DIR, describe: 'Folder of dashboard modules', defaultDescription: 'dashboards/' },
      },
      check: (a) => {
        if (a._.length !== 1) throw new CliError(`expected one NAME, got ${a._.length} (see --help)`);
        if (!NAME.test(a._[0]!)) throw new CliError(`invalid NAME "${a._[0]}": 1-40 characters of a-z 0-9 -, starting with a letter (it is also the dashboard uid)`);
      },
    },
    argv,
    io,
  );
  if (typeof args === 'number') return args;
  const name = args._[0]!;
  const file = path.join(path.resolve(io.cwd ?? process.cwd(), args.dashboards), `${name}.ts`);
  const shown = path.relative(io.cwd ?? process.cwd(), file) || file;
  try {
    fs.writeFileSync(file, dashboardSource(name), { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`cannot write ${shown}: ${code === 'EEXIST' ? 'file exists (choose another NAME)' : (error as Error).message}`);
  }
  io.stdout(`wrote ${shown} (uid ${name}); next: npm run build-dashboards\n`);
  return EXIT_OK;
}
