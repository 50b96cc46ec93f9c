import { describe, expect, it } from '@jest/globals';
import { median, medianOf, summariseRuns } from './bench-runs.js';

describe('bench runs', () => {
  it('takes the median of odd and even counts', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('folds runs figure by figure, recursing into objects and skipping missing values', () => {
    const folded = medianOf([
      { p99_ms: 10, side: 'nest', inner: { cpu: 1 }, series: [1] },
      { p99_ms: 30, side: 'nest', inner: { cpu: 3 }, series: [2] },
      { p99_ms: 20, side: 'nest', inner: {}, series: [3] },
    ]);
    expect(folded).toEqual({ p99_ms: 20, side: 'nest', inner: { cpu: 2 }, series: undefined });
  });

  it('lists a non-numeric figure whose runs disagree instead of picking one', () => {
    expect(medianOf(['a', 'b', 'a'])).toEqual(['a', 'b', 'a']);
  });

  it('reports the medians, the loaded runs and every run with its load', () => {
    const report = summariseRuns('fraud', [
      { figures: { p99_ms: 9 }, loaded: false, load_average_before: 0.5, load_average_during: 1.2 },
      { figures: { p99_ms: 11 }, loaded: true, load_average_before: 2.0, load_average_during: 2.2 },
      { figures: { p99_ms: 10 }, loaded: false, load_average_before: 0.7, load_average_during: 1.3 },
    ]);
    expect(report).toMatchObject({
      bench: 'fraud',
      p99_ms: 10,
      statistic: 'median of 3 runs',
      loaded_runs: 1,
      load_average_during_median: 1.3,
    });
    expect(report.per_run).toEqual([
      { p99_ms: 9, loaded: false, load_average_before: 0.5, load_average_during: 1.2 },
      { p99_ms: 11, loaded: true, load_average_before: 2, load_average_during: 2.2 },
      { p99_ms: 10, loaded: false, load_average_before: 0.7, load_average_during: 1.3 },
    ]);
  });
});
