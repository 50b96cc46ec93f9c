// Labelled whole-review polarity lines (`text<TAB>stars<TAB>positive|negative|mixed`) and the figures
// `npm run eval -- polarity` prints: how well the service tells mixed reviews from one-sided ones.

export type ReviewLabel = 'positive' | 'negative' | 'mixed';

export interface LabelledReview {
  readonly text: string;
  /** The reviewer's stars, 1–5. */
  readonly stars: number;
  readonly label: ReviewLabel;
}

export interface PolarityFigures {
  task: 'polarity';
  n: number;
  accuracy: number;
  macro_f1: number;
  mixed_precision: number;
  mixed_recall: number;
}

const LABELS: readonly ReviewLabel[] = ['positive', 'negative', 'mixed'];

export function parsePolarityTsv(content: string, source = 'input'): LabelledReview[] {
  const rows: LabelledReview[] = [];
  content.split(/\r?\n/).forEach((line, index) => {
    if (!line.trim()) return;
    const [text = '', stars = '', label = '', ...rest] = line.split('\t').map((f) => f.trim());
    if (!text || rest.length > 0 || !/^[1-5]$/.test(stars) || !LABELS.includes(label as ReviewLabel)) {
      throw new Error(
        `${source}:${index + 1}: expected "text<TAB>stars 1-5<TAB>positive|negative|mixed", got ${JSON.stringify(line.slice(0, 80))}`,
      );
    }
    rows.push({ text, stars: Number(stars), label: label as ReviewLabel });
  });
  return rows;
}

/** Accuracy, F1 averaged over the three labels, and how precisely and completely mixed reviews are found. */
export function polarityFigures(gold: readonly ReviewLabel[], predicted: readonly string[]): PolarityFigures {
  const r4 = (x: number): number => Math.round(x * 10000) / 10000;
  const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
  const per = LABELS.map((label) => {
    const tp = gold.filter((g, i) => g === label && predicted[i] === label).length;
    const precision = ratio(tp, predicted.filter((p) => p === label).length);
    const recall = ratio(tp, gold.filter((g) => g === label).length);
    return {
      label,
      precision,
      recall,
      f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    };
  });
  const mixed = per.find((p) => p.label === 'mixed')!;
  return {
    task: 'polarity',
    n: gold.length,
    accuracy: r4(ratio(gold.filter((g, i) => g === predicted[i]).length, gold.length)),
    macro_f1: r4(per.reduce((s, p) => s + p.f1, 0) / per.length),
    mixed_precision: r4(mixed.precision),
    mixed_recall: r4(mixed.recall),
  };
}
