/**
 * Verification and compliance: verdicts, durations and findings of the verification runners
 * (Frama-C, CBMC, fuzzers, ReviewBot), the ReviewBot score distribution and author feedback, and
 * the compliance evidence collected per provenance id with its log lines (trace_id and
 * provenance_id on every line). Filters: environment, host region, checker.
 */
import { PanelBuilder as BarChartPanel } from '@grafana/grafana-foundation-sdk/barchart';
import { PanelBuilder as HeatmapPanel, HeatmapColorMode, HeatmapColorScale } from '@grafana/grafana-foundation-sdk/heatmap';
import { PanelBuilder as LogsPanel } from '@grafana/grafana-foundation-sdk/logs';
import { PanelBuilder as StatPanel } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TablePanel } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';
import {
  BigValueColorMode,
  BigValueGraphMode,
  LogsSortOrder,
  ReduceDataOptionsBuilder,
  StackingMode,
} from '@grafana/grafana-foundation-sdk/common';
import { bucket, clampMin, div, histogramQuantile, increase, metric, rate, sum } from '../src/queries/promql';
import { logStream } from '../src/queries/logql';
import { GridLayout } from '../src/panels/layout';
import { legend, lokiTarget, promTarget, thresholds } from '../src/panels/targets';
import { pipelineDashboard } from '../src/panels/dashboard';
import { filterChain } from '../src/panels/variables';

const hostScope = { environment: '$environment', host_region: '$host_region' } as const;
const checkerScope = { ...hostScope, checker: '$checker' } as const;

const runs = metric('verification_runs_total').where(checkerScope);
const durationPercentile = (phi: number) =>
  histogramQuantile(phi, sum(rate(bucket('verification_run_duration_seconds').where(checkerScope).over('$__rate_interval'))).by('le', 'checker'));
const feedback = metric('reviewbot_feedback_total').where(hostScope);

const layout = new GridLayout()
  .row('Verification runners')
  .panel(
    new BarChartPanel()
      .title('Verdicts by checker in range')
      .description('Verification runs over the dashboard time range per checker, stacked by verdict (pass, fail, inconclusive).')
      .withTarget(promTarget('A', sum(increase(runs.over('$__range'))).by('checker', 'verdict'), { format: 'table', instant: true }))
      .withTransformation({ id: 'groupingToMatrix', options: { columnField: 'verdict', rowField: 'checker', valueField: 'Value' } })
      .xField('checker\\verdict')
      .stacking(StackingMode.Normal)
      .unit('short')
      .decimals(0)
      .legend(legend()),
    12,
    8,
  )
  .panel(
    new TimeseriesPanel()
      .title('Run duration by checker (p50, p90)')
      .description('Median and 90th percentile of one verification run per checker (verify.check, verify.fuzz and reviewbot.review spans).')
      .withTarget(promTarget('A', durationPercentile(0.5), { legend: '{{checker}} p50' }))
      .withTarget(promTarget('B', durationPercentile(0.9), { legend: '{{checker}} p90' }))
      .unit('s')
      .min(0)
      .legend(legend()),
    12,
    8,
  )
  .panel(
    new TimeseriesPanel()
      .title('Findings by checker and severity')
      .description('Findings reported per second by each checker, split by severity.')
      .withTarget(
        promTarget('A', sum(rate(metric('verification_findings_total').where(checkerScope).over('$__rate_interval'))).by('checker', 'severity'), {
          legend: '{{checker}} {{severity}}',
        }),
      )
      .unit('ops')
      .min(0)
      .legend(legend()),
    16,
    8,
  )
  .panel(
    new StatPanel()
      .title('Failed verdict ratio')
      .description('Share of verification runs of the selected checkers whose verdict was fail, over the rate interval (0 when none ran).')
      .withTarget(
        promTarget(
          'A',
          div(sum(rate(metric('verification_runs_total').where({ ...checkerScope, verdict: 'fail' }).over('$__rate_interval'))), clampMin(sum(rate(runs.over('$__rate_interval'))), 1e-9)),
          { instant: true, legend: 'failed' },
        ),
      )
      .unit('percentunit')
      .min(0)
      .max(1)
      .decimals(1)
      .thresholds(thresholds('green', [0.05, 'orange'], [0.15, 'red']))
      .colorMode(BigValueColorMode.Value)
      .graphMode(BigValueGraphMode.None)
      .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull'])),
    8,
    8,
  )
  .row('ReviewBot')
  .panel(
    new HeatmapPanel()
      .title('ReviewBot score distribution')
      .description('Reviews per score bucket of reviewbot_review_score (0 = reject, 1 = no remarks) over time. Not filtered by checker: only ReviewBot scores.')
      .withTarget(promTarget('A', sum(increase(bucket('reviewbot_review_score').where(hostScope).over('$__rate_interval'))).by('le'), { format: 'heatmap', legend: '{{le}}' }))
      .calculate(false)
      .unit('percentunit')
      .yAxis({ build: () => ({ unit: 'percentunit', decimals: 1 }) })
      .cellValues({ build: () => ({ unit: 'short' }) })
      .color({
        build: () => ({ mode: HeatmapColorMode.Scheme, scheme: 'Blues', fill: 'dark-blue', scale: HeatmapColorScale.Exponential, exponent: 0.5, steps: 64, reverse: false }),
      }),
    16,
    8,
  )
  .panel(
    new TimeseriesPanel()
      .title('ReviewBot feedback')
      .description('Author answers to ReviewBot reviews per second: accepted as is, revised, or rejected. Not filtered by checker: only ReviewBot reviews.')
      .withTarget(promTarget('A', sum(rate(feedback.over('$__rate_interval'))).by('feedback'), { legend: '{{feedback}}' }))
      .unit('ops')
      .min(0)
      .legend(legend()),
    8,
    8,
  )
  .row('Compliance evidence')
  .panel(
    new TimeseriesPanel()
      .title('Evidence collected by kind')
      .description('Compliance evidence artefacts stored per second, by kind; every one carries a provenance id. Not filtered by checker: evidence is per kind.')
      .withTarget(
        promTarget('A', sum(rate(metric('compliance_evidence_collected_total').where(hostScope).over('$__rate_interval'))).by('evidence_kind'), { legend: '{{evidence_kind}}' }),
      )
      .unit('ops')
      .min(0)
      .legend(legend()),
    12,
    8,
  )
  .panel(
    new TablePanel()
      .title('Evidence per provenance id')
      .description('Evidence artefacts recorded under each of the newest provenance ids (one per verified pipeline run); older ids are in the log lines below. ' +
          'Not filtered by checker: evidence is recorded per provenance id.')
      .withTarget(promTarget('A', sum(metric('compliance_evidence_records').where(hostScope)).by('provenance_id'), { format: 'table', instant: true }))
      .withTransformation({ id: 'organize', options: { excludeByName: { Time: true }, renameByName: { provenance_id: 'Provenance id', Value: 'Artefacts' } } })
      .unit('short')
      .decimals(0),
    12,
    8,
  )
  .panel(
    new LogsPanel()
      .title('Evidence collected events')
      .description('evidence.collected log lines of the selected hosts: each carries the provenance_id of its artefact and the trace_id of the span that produced it. ' +
          'Not filtered by checker: the event has no checker field.')
      .withTarget(
        lokiTarget(
          'A',
          logStream(hostScope).json().event('evidence.collected').lineFormat('provenance_id', 'trace_id', 'evidence_kind', 'backend', 'clause_id', 'artefact_digest'),
        ),
      )
      .showTime(true)
      .wrapLogMessage(true)
      .enableLogDetails(true)
      .sortOrder(LogsSortOrder.Descending),
    24,
    9,
  );

export default layout.applyTo(
  pipelineDashboard({
    title: 'Verification and Compliance',
    uid: 'verification-compliance',
    description:
      'Verdicts, durations and findings of the verification runners, ReviewBot scores and feedback, and compliance evidence per provenance id.',
    tags: ['verification', 'compliance'],
    datasources: ['prometheus', 'loki'],
    filters: filterChain(metric('verification_runs_total'), { environment: 'Environment', host_region: 'Host region', checker: 'Checker' }),
  }),
);
