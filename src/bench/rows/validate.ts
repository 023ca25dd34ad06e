/** Validator measures: the real corpus without catalogue, many synthetic dashboards with it, and peak memory. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BenchContext } from '../context';
import { npmScriptCommand, PROJECT_ROOT, peakRss, timePair, type Command } from '../proc';
import { makeRow, type Row } from '../report';
import { freshDir } from '../scratch';
import { summarize } from '../stats';
import { manyDashboardsJson } from './build';

const READ_PARSE = path.join(__dirname, '..', 'floors', 'read-parse.js');
/** Real public dashboards, test input shared with the validator's own tests. */
export const CORPUS = path.resolve(PROJECT_ROOT, '..', 'shared', 'corpus', 'dashboards');

// Findings are expected (exit 1); only a usage or internal error (exit 2) fails the bench.
const validate = (args: string[]): Command => ({ argv: npmScriptCommand('validate-dashboards', args), okCodes: [0, 1] });
const readParse = (dir: string): Command => ({ argv: [process.execPath, READ_PARSE, dir] });

export function validateRows(ctx: BenchContext): Row[] {
  if (!fs.existsSync(path.join(PROJECT_ROOT, 'scripts', 'validate-dashboards.ts'))) throw new Error('scripts/validate-dashboards.ts does not exist yet');
  const rows: Row[] = [];

  if (fs.existsSync(CORPUS)) {
    const count = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.json')).length;
    ctx.log(`validate: corpus (${count} dashboards) --no-catalogue vs read + JSON.parse`);
    const corpus = timePair(() => validate(['--no-catalogue', CORPUS]), () => readParse(CORPUS), ctx.runs, ctx.warmup);
    rows.push(
      makeRow(
        {
          id: 'validate.corpus',
          what: `validate_dashboards --no-catalogue, corpus (${count} files)`,
          unit: 'ms',
          value: summarize(corpus.measured),
          floor: { what: 'node: read + JSON.parse the same files', value: summarize(corpus.floor) },
        },
        { maxRatio: 4, maxMedian: 1000 },
      ),
    );
  } else {
    ctx.log(`validate: corpus not found at ${CORPUS}; row skipped`);
  }

  const many = manyDashboardsJson(ctx, ctx.many);
  ctx.log(`validate: ${ctx.many} synthetic dashboards with catalogue vs read + JSON.parse`);
  const runs = Math.max(3, Math.ceil(ctx.runs / 2));
  const manyPair = timePair(() => validate([many]), () => readParse(many), runs, 1);
  rows.push(
    makeRow(
      {
        id: 'validate.many',
        what: `validate_dashboards, ${ctx.many} synthetic dashboards, with catalogue`,
        unit: 'ms',
        value: summarize(manyPair.measured),
        floor: { what: 'node: read + JSON.parse the same files', value: summarize(manyPair.floor) },
      },
      { maxRatio: 4 },
    ),
  );

  ctx.log(`validate: peak RSS, ${ctx.many} vs 10 dashboards`);
  const ten = freshDir(ctx.scratch, 'validate-ten');
  for (const f of fs.readdirSync(many).filter((f) => f.endsWith('.json')).sort().slice(0, 10)) fs.copyFileSync(path.join(many, f), path.join(ten, f));
  const rssRuns = ctx.quick ? 1 : 3;
  const mb = (b: number) => b / 2 ** 20;
  const big: number[] = [];
  const small: number[] = [];
  for (let i = 0; i < rssRuns; i += 1) {
    small.push(mb(peakRss(validate([ten]), ctx.scratch)));
    big.push(mb(peakRss(validate([many]), ctx.scratch)));
  }
  rows.push(
    makeRow(
      {
        id: 'validate.rss',
        what: `validate_dashboards peak RSS, ${ctx.many} dashboards`,
        unit: 'MB',
        value: summarize(big),
        floor: { what: 'peak RSS validating 10', value: summarize(small) },
      },
      { maxRatio: 3 },
    ),
  );
  return rows;
}
