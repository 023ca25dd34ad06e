/** What every measure gets: run counts for this mode and a scratch folder. */
export interface BenchContext {
  readonly quick: boolean;
  /** Timed runs per cold-process measure (warm-up runs come on top). */
  readonly runs: number;
  readonly warmup: number;
  /** Number of synthetic dashboards for the "many dashboards" measures. */
  readonly many: number;
  readonly scratch: string;
  readonly log: (line: string) => void;
}
