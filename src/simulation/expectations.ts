/**
 * What one run with a given outcome emits, derived from the catalogue's simulation
 * declarations: the spans it reaches (stages in catalogue order up to the one that fails, with
 * their children), the metrics recorded in those spans (or once per run, or by the registry
 * check), and the log events written in them.
 */
import { logEvents, metrics, spans, type LogEventDef, type LogEventName, type MetricDef, type MetricName, type SpanEnd, type SpanName } from '../catalogue';
import { childSpans, topLevelSpans } from './play';

export type Outcome = 'success' | 'compile-failure' | 'verify-block';
export const outcomes: readonly Outcome[] = ['success', 'compile-failure', 'verify-block'];

/** The stage each forced outcome fails; a failed stage ends the run. */
export const failingStage: Readonly<Record<Outcome, SpanName | undefined>> = {
  success: undefined,
  'compile-failure': 'compile.execute',
  'verify-block': 'verify.run',
};

/** The outcome that makes `span` end as `end`, if one does: any span ends ok on success. */
export function outcomeFor(span: SpanName, end: SpanEnd): Outcome | undefined {
  if (end === 'ok') return 'success';
  return outcomes.find((o) => failingStage[o] === span);
}

function reachedSpans(outcome: Outcome): SpanName[] {
  const out: SpanName[] = [];
  const withChildren = (s: SpanName): void => {
    out.push(s);
    for (const c of childSpans(s)) withChildren(c);
  };
  for (const stage of topLevelSpans) {
    withChildren(stage);
    if (stage === failingStage[outcome]) break;
  }
  return out;
}

function endOf(span: SpanName, outcome: Outcome): SpanEnd {
  return failingStage[outcome] === span ? 'error' : 'ok';
}

export interface Expected {
  readonly spans: readonly SpanName[];
  readonly metrics: readonly MetricName[];
  readonly logs: readonly LogEventName[];
}

export function expectedSignals(outcome: Outcome): Expected {
  const reached = reachedSpans(outcome);
  const metricDefs = metrics as Readonly<Record<MetricName, MetricDef>>;
  const eventDefs = logEvents as Readonly<Record<LogEventName, LogEventDef>>;
  const recorded = (span: SpanName | undefined, when: SpanEnd | undefined): boolean =>
    span === undefined || (reached.includes(span) && (when === undefined || when === endOf(span, outcome)));
  const metricNames = (Object.keys(metricDefs) as MetricName[]).filter((m) => {
    const def = metricDefs[m];
    if (def.source === 'exporter') return false;
    if (def.source === 'registry') return true;
    return recorded(def.simulation?.span, def.simulation?.when);
  });
  const events = (Object.keys(eventDefs) as LogEventName[]).filter((e) => recorded(eventDefs[e].span as SpanName, eventDefs[e].simulation?.when));
  return { spans: reached.filter((s) => s in spans), metrics: metricNames, logs: events };
}
