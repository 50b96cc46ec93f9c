// How the bench runner folds several runs of a bench into one report: the median of every numeric
// figure (nested objects figure by figure), every run's own JSON beside it, and how loaded the
// machine was.

/** One run of a bench: its figures (its last JSON line) and the load average around it. */
export interface BenchRun {
  figures: Record<string, unknown>;
  /** True when the load average never fell to the runner's threshold before the run. */
  loaded: boolean;
  load_average_before: number;
  load_average_during: number;
}

/** Median of numbers (the mean of the middle two for an even count); NaN when empty. */
export function median(values: number[]): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * The figure-by-figure median of the runs' values: numbers (finite ones; a run without the figure
 * does not count) give their median, objects recurse, anything else is kept when every run agrees
 * and listed otherwise. Arrays are per-run detail and are left to `per_run`.
 */
export function medianOf(values: unknown[]): unknown {
  const present = values.filter((v) => v !== undefined && v !== null);
  if (!present.length) return null;
  if (present.every((v) => typeof v === 'number')) {
    const finite = present.filter((v) => Number.isFinite(v));
    return finite.length ? round3(median(finite)) : null;
  }
  if (present.every((v) => typeof v === 'object' && !Array.isArray(v))) {
    const keys = [...new Set(present.flatMap((v) => Object.keys(v as object)))];
    return Object.fromEntries(
      keys.map((k) => [k, medianOf(present.map((v) => (v as Record<string, unknown>)[k]))]),
    );
  }
  if (present.some((v) => Array.isArray(v))) return undefined;
  const distinct = [...new Set(present.map((v) => JSON.stringify(v)))];
  return distinct.length === 1 ? present[0] : present;
}

/** The runner's last line: the medians, how many runs and how loaded, then every run. */
export function summariseRuns(bench: string, runs: BenchRun[]): Record<string, unknown> {
  const medians = medianOf(runs.map((r) => r.figures)) as Record<string, unknown>;
  return {
    ...medians,
    bench,
    statistic: `median of ${runs.length} run${runs.length === 1 ? '' : 's'}`,
    loaded_runs: runs.filter((r) => r.loaded).length,
    load_average_during_median: round3(median(runs.map((r) => r.load_average_during))),
    per_run: runs.map((r) => ({
      ...r.figures,
      loaded: r.loaded,
      load_average_before: round3(r.load_average_before),
      load_average_during: round3(r.load_average_during),
    })),
  };
}
