/**
 * Compile pipeline overview: the five panel groups of the telemetry playbook, every query built
 * from the metric catalogue so that a misspelt metric or label fails `tsc`.
 */
import { PanelBuilder as HeatmapPanel, HeatmapColorMode, HeatmapColorScale } from '@grafana/grafana-foundation-sdk/heatmap';
import { PanelBuilder as TablePanel } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as BarChartPanel } from '@grafana/grafana-foundation-sdk/barchart';
import { PanelBuilder as StatPanel } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as GaugePanel } from '@grafana/grafana-foundation-sdk/gauge';
import { PanelBuilder as LogsPanel } from '@grafana/grafana-foundation-sdk/logs';
import { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';
import {
  BigValueColorMode,
  BigValueGraphMode,
  LogsSortOrder,
  ReduceDataOptionsBuilder,
  StackingMode,
} from '@grafana/grafana-foundation-sdk/common';
import {
  add,
  bucket,
  clampMin,
  div,
  histogramQuantile,
  increase,
  max,
  metric,
  rate,
  sum,
} from '../src/queries/promql';
import { logStream } from '../src/queries/logql';
import { GridLayout } from '../src/panels/layout';
import { legend, lokiTarget, promTarget, thresholds } from '../src/panels/targets';
import { pipelineDashboard } from '../src/panels/dashboard';

// The label filters every pipeline panel applies; all are multi-value variables.
const scope = { environment: '$environment', host_region: '$host_region', backend: '$backend' } as const;
const hostScope = { environment: '$environment', host_region: '$host_region' } as const;

const latencyBuckets = bucket('pipeline_latency_seconds').where(scope);
const successes = metric('compile_success_total').where(scope);
const failures = metric('compile_failure_total').where(scope);

const percentile = (phi: number) =>
  histogramQuantile(phi, sum(rate(latencyBuckets.over('$__rate_interval'))).by('le', 'backend'));

const successRate = sum(rate(successes.over('$__rate_interval')));
const failureRate = sum(rate(failures.over('$__rate_interval')));

const layout = new GridLayout()
  // 1. Pipeline Latency
  .row('Pipeline Latency')
  .panel(
    new HeatmapPanel()
      .title('Pipeline latency distribution')
      .description('Runs per latency bucket of pipeline_latency_seconds (spec ingest to distribution). Exemplar dots link to the trace of a run.')
      .withTarget(
        promTarget('A', sum(increase(latencyBuckets.over('$__rate_interval'))).by('le'), {
          format: 'heatmap',
          legend: '{{le}}',
          exemplar: true,
        }),
      )
      .calculate(false)
      .unit('s')
      .yAxis({ build: () => ({ unit: 's', decimals: 0 }) })
      .cellValues({ build: () => ({ unit: 'short' }) })
      .color({
        build: () => ({
          mode: HeatmapColorMode.Scheme,
          scheme: 'Oranges',
          fill: 'dark-orange',
          scale: HeatmapColorScale.Exponential,
          exponent: 0.5,
          steps: 64,
          reverse: false,
        }),
      })
      .exemplarsColor('rgba(255,0,255,0.7)'),
    16,
    9,
  )
  .panel(
    new TablePanel()
      .title('Latency percentiles by backend')
      .description('p50, p90 and p99 of pipeline latency per backend over the rate interval.')
      .withTarget(promTarget('A', percentile(0.5), { format: 'table', instant: true }))
      .withTarget(promTarget('B', percentile(0.9), { format: 'table', instant: true }))
      .withTarget(promTarget('C', percentile(0.99), { format: 'table', instant: true }))
      .withTransformation({ id: 'merge', options: {} })
      .withTransformation({
        id: 'organize',
        options: {
          excludeByName: { Time: true },
          renameByName: { backend: 'Backend', 'Value #A': 'p50', 'Value #B': 'p90', 'Value #C': 'p99' },
        },
      })
      .unit('s')
      .decimals(2),
    8,
    9,
  )
  // 2. Backend Readiness
  .row('Backend Readiness')
  .panel(
    new BarChartPanel()
      .title('Backend maturity mix by region')
      .description(
        'Registered backends per host region, stacked by maturity level (registry readiness check). ' +
          'Not filtered by backend: the registry counts backends per maturity level, not per backend.',
      )
      .withTarget(
        promTarget('A', sum(metric('registry_backends').where(hostScope)).by('host_region', 'maturity'), {
          format: 'table',
          instant: true,
        }),
      )
      .withTransformation({
        id: 'groupingToMatrix',
        options: { columnField: 'maturity', rowField: 'host_region', valueField: 'Value' },
      })
      .xField('host_region\\maturity')
      .stacking(StackingMode.Normal)
      .unit('short')
      .decimals(0)
      .legend(legend()),
    16,
    8,
  )
  .panel(
    new StatPanel()
      .title('Missing toolchain binaries')
      .description('Toolchain binaries the readiness check could not find, summed over the selected hosts and backends. Anything above zero blocks those backends.')
      .withTarget(promTarget('A', sum(metric('registry_missing_binaries').where(scope)), { instant: true, legend: 'missing' }))
      .unit('short')
      .decimals(0)
      .thresholds(thresholds('green', [1, 'red']))
      .colorMode(BigValueColorMode.Background)
      .graphMode(BigValueGraphMode.None)
      .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull'])),
    8,
    8,
  )
  // 3. Compile Outcomes
  .row('Compile Outcomes')
  .panel(
    new StatPanel()
      .title('Compilations in range')
      .description('Successful and failed toolchain compilations over the dashboard time range.')
      .withTarget(promTarget('A', sum(increase(successes.over('$__range'))), { instant: true, legend: 'success' }))
      .withTarget(promTarget('B', sum(increase(failures.over('$__range'))), { instant: true, legend: 'failure' }))
      .unit('short')
      .decimals(0)
      .graphMode(BigValueGraphMode.None)
      .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull'])),
    6,
    8,
  )
  .panel(
    new TimeseriesPanel()
      .title('Compile rate by backend and outcome')
      .description('Compilations per second by backend: successes and failures side by side.')
      .withTarget(promTarget('A', sum(rate(successes.over('$__rate_interval'))).by('backend'), { legend: '{{backend}} success' }))
      .withTarget(promTarget('B', sum(rate(failures.over('$__rate_interval'))).by('backend'), { legend: '{{backend}} failure' }))
      .unit('cps')
      .min(0)
      .legend(legend()),
    12,
    8,
  )
  .panel(
    new StatPanel()
      .title('Compile failure ratio')
      .description('Failed share of all compilations over the rate interval (0 when nothing compiled).')
      .withTarget(promTarget('A', div(failureRate, clampMin(add(failureRate, successRate), 1e-9)), { instant: true, legend: 'failure ratio' }))
      .unit('percentunit')
      .min(0)
      .max(1)
      .decimals(1)
      .thresholds(thresholds('green', [0.05, 'orange'], [0.2, 'red']))
      .colorMode(BigValueColorMode.Value)
      .graphMode(BigValueGraphMode.None)
      .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull'])),
    6,
    8,
  )
  // 4. Verification Blocks
  .row('Verification Blocks')
  .panel(
    new GaugePanel()
      .title('Verification block rate')
      .description('Share of artefacts blocked by verification in the current interval, highest among the selected hosts and backends.')
      .withTarget(promTarget('A', max(metric('verification_block_rate').where(scope)), { instant: true, legend: 'blocked' }))
      .unit('percentunit')
      .min(0)
      .max(1)
      .decimals(1)
      .thresholds(thresholds('green', [0.05, 'orange'], [0.15, 'red']))
      .showThresholdMarkers(true)
      .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull'])),
    8,
    9,
  )
  .panel(
    new LogsPanel()
      .title('Verification block events')
      .description('verify.block log events for the selected hosts and backends, each with the trace_id of its verify.run span.')
      .withTarget(
        lokiTarget(
          'A',
          logStream(hostScope)
            .json()
            .event('verify.block')
            .field('backend', '$backend')
            .lineFormat('trace_id', 'backend', 'checker', 'error_code', 'reason'),
        ),
      )
      .showTime(true)
      .wrapLogMessage(true)
      .enableLogDetails(true)
      .sortOrder(LogsSortOrder.Descending),
    16,
    9,
  )
  // 5. Offline Bundle Size
  .row('Offline Bundle Size')
  .panel(
    new TimeseriesPanel()
      .title('Offline bundle size by target and revision')
      .description(
        'Median packaged size of offline bundles per target platform; one line per release revision. ' +
          'Not filtered by environment, host region or backend: bundle sizes are recorded per target and revision only.',
      )
      .withTarget(
        promTarget('A', max(metric('offline_bundle_size_bytes').where({ quantile: '0.5' })).by('target', 'revision'), {
          legend: '{{target}} {{revision}}',
        }),
      )
      .unit('bytes')
      .min(0)
      .legend(legend()),
    24,
    8,
  );

export default layout.applyTo(
  pipelineDashboard({
    title: 'Compile Pipeline Overview',
    uid: 'compile-pipeline-overview',
    description:
      'Latency, backend readiness, compile outcomes, verification blocks and offline bundle sizes of the specification-to-solution compile pipeline.',
    tags: ['compile'],
    datasources: ['prometheus', 'loki'],
    filters: ['environment', 'host_region', 'backend'],
  }),
);
