/**
 * Planner and executor services: plan request latency and outcomes, executor queue depth and
 * waits, task execution times, retries and outcomes. Filters: environment, host region, task kind.
 */
import { PanelBuilder as BarChartPanel } from '@grafana/grafana-foundation-sdk/barchart';
import { PanelBuilder as StatPanel } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';
import {
  BigValueColorMode,
  BigValueGraphMode,
  ReduceDataOptionsBuilder,
  StackingMode,
} from '@grafana/grafana-foundation-sdk/common';
import { bucket, clampMin, div, histogramQuantile, increase, matches, metric, rate, sum } from '../src/queries/promql';
import { GridLayout } from '../src/panels/layout';
import { legend, promTarget, thresholds } from '../src/panels/targets';
import { pipelineDashboard } from '../src/panels/dashboard';
import { filterChain } from '../src/panels/variables';

const hostScope = { environment: '$environment', host_region: '$host_region' } as const;
const taskScope = { ...hostScope, task_kind: '$task_kind' } as const;

const planBuckets = bucket('planner_request_duration_seconds').where(hostScope);
const planPercentile = (phi: number) => histogramQuantile(phi, sum(rate(planBuckets.over('$__rate_interval'))).by('le'));
const taskPercentile = (name: 'executor_queue_wait_seconds' | 'executor_task_duration_seconds', phi: number) =>
  histogramQuantile(phi, sum(rate(bucket(name).where(taskScope).over('$__rate_interval'))).by('le', 'task_kind'));

const tasks = metric('executor_tasks_total').where(taskScope);
const unsuccessfulTasks = metric('executor_tasks_total').where({ ...taskScope, outcome: matches('failure|timeout') });

const layout = new GridLayout()
  .row('Planner')
  .panel(
    new TimeseriesPanel()
      .title('Plan request latency')
      .description('p50, p90 and p99 of planner.request durations (retrieval, LLM calls and graph compilation) on the selected hosts. ' +
          'Not filtered by task kind: a plan request precedes the tasks it creates.')
      .withTarget(promTarget('A', planPercentile(0.5), { legend: 'p50' }))
      .withTarget(promTarget('B', planPercentile(0.9), { legend: 'p90' }))
      .withTarget(promTarget('C', planPercentile(0.99), { legend: 'p99' }))
      .unit('s')
      .min(0)
      .legend(legend()),
    12,
    8,
  )
  .panel(
    new TimeseriesPanel()
      .title('Plan requests by outcome')
      .description('Plan requests answered per second, by outcome (success, failure, timeout). Not filtered by task kind: a plan request precedes its tasks.')
      .withTarget(promTarget('A', sum(rate(metric('planner_requests_total').where(hostScope).over('$__rate_interval'))).by('outcome'), { legend: '{{outcome}}' }))
      .unit('reqps')
      .min(0)
      .legend(legend()),
    12,
    8,
  )
  .row('Executor queue')
  .panel(
    new TimeseriesPanel()
      .title('Queue depth by task kind')
      .description('Tasks waiting in the executor queue, summed over the selected hosts, per task kind.')
      .withTarget(promTarget('A', sum(metric('executor_queue_depth').where(taskScope)).by('task_kind'), { legend: '{{task_kind}}' }))
      .unit('short')
      .decimals(0)
      .min(0)
      .legend(legend()),
    12,
    8,
  )
  .panel(
    new TimeseriesPanel()
      .title('Queue wait p90 by task kind')
      .description('90th percentile of the time tasks waited in the queue before their first attempt (executor.queue_wait spans).')
      .withTarget(promTarget('A', taskPercentile('executor_queue_wait_seconds', 0.9), { legend: '{{task_kind}}' }))
      .unit('s')
      .min(0)
      .legend(legend()),
    12,
    8,
  )
  .row('Executor tasks')
  .panel(
    new TimeseriesPanel()
      .title('Task execution p90 by task kind')
      .description('90th percentile of task execution time over all attempts (executor.attempt spans), queue wait excluded.')
      .withTarget(promTarget('A', taskPercentile('executor_task_duration_seconds', 0.9), { legend: '{{task_kind}}' }))
      .unit('s')
      .min(0)
      .legend(legend()),
    12,
    8,
  )
  .panel(
    new TimeseriesPanel()
      .title('Retries by task kind')
      .description('Task attempts beyond the first, per second, by task kind: a rising line means flaky toolchains or hosts.')
      .withTarget(promTarget('A', sum(rate(metric('executor_task_retries_total').where(taskScope).over('$__rate_interval'))).by('task_kind'), { legend: '{{task_kind}}' }))
      .unit('ops')
      .min(0)
      .legend(legend()),
    12,
    8,
  )
  .panel(
    new BarChartPanel()
      .title('Task outcomes in range')
      .description('Executor tasks finished over the dashboard time range, per task kind, stacked by final outcome.')
      .withTarget(promTarget('A', sum(increase(tasks.over('$__range'))).by('task_kind', 'outcome'), { format: 'table', instant: true }))
      .withTransformation({ id: 'groupingToMatrix', options: { columnField: 'outcome', rowField: 'task_kind', valueField: 'Value' } })
      .xField('task_kind\\outcome')
      .stacking(StackingMode.Normal)
      .unit('short')
      .decimals(0)
      .legend(legend()),
    16,
    8,
  )
  .panel(
    new StatPanel()
      .title('Task failure ratio')
      .description('Share of executor tasks that failed or timed out after their last retry, over the rate interval (0 when none ran).')
      .withTarget(
        promTarget(
          'A',
          div(sum(rate(unsuccessfulTasks.over('$__rate_interval'))), clampMin(sum(rate(tasks.over('$__rate_interval'))), 1e-9)),
          { instant: true, legend: 'failure ratio' },
        ),
      )
      .unit('percentunit')
      .min(0)
      .max(1)
      .decimals(1)
      .thresholds(thresholds('green', [0.02, 'orange'], [0.1, 'red']))
      .colorMode(BigValueColorMode.Value)
      .graphMode(BigValueGraphMode.None)
      .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull'])),
    8,
    8,
  );

export default layout.applyTo(
  pipelineDashboard({
    title: 'Planner and Executor',
    uid: 'planner-executor',
    description:
      'Plan request latency and outcomes of the planner service; queue depth, waits, execution times, retries and outcomes of the executor service.',
    tags: ['planner', 'executor'],
    datasources: ['prometheus'],
    filters: filterChain(metric('executor_tasks_total'), { environment: 'Environment', host_region: 'Host region', task_kind: 'Task kind' }),
  }),
);
