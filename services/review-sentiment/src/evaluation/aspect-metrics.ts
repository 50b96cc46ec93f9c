// Labelled aspect lines (`text<TAB>aspect<TAB>positive|negative`, one per aspect a review gives an
// opinion on) and the figures `npm run eval -- aspects` prints. Shared by the evaluation and the
// training script so both read the files and count the same way.

export type GoldPolarity = 'positive' | 'negative';

export interface AspectPair {
  readonly aspect: string;
  /** Predictions may say neutral or mixed too; those never match a gold pair. */
  readonly polarity: string;
}

/** One review: the lines with the same text form one item. */
export interface AspectItem {
  readonly text: string;
  readonly gold: readonly AspectPair[];
}

export interface AspectCounts {
  /** Pairs predicted and in the gold set. */
  tp: number;
  predicted: number;
  gold: number;
}

export interface AspectFigures {
  task: 'aspects';
  n: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface AspectScores {
  figures: AspectFigures;
  /** Per aspect (in the gold labels or the predictions), sorted by name. */
  perAspect: Map<string, AspectCounts & { precision: number; recall: number; f1: number }>;
}

const POLARITIES: ReadonlySet<string> = new Set(['positive', 'negative']);

export function parseAspectTsv(content: string, known: ReadonlySet<string>, source = 'input'): AspectItem[] {
  const items = new Map<string, AspectPair[]>();
  content.split(/\r?\n/).forEach((line, index) => {
    if (!line.trim()) return;
    const [text = '', aspect = '', polarity = '', ...rest] = line.split('\t').map((f) => f.trim());
    if (!text || rest.length > 0 || !known.has(aspect) || !POLARITIES.has(polarity)) {
      throw new Error(
        `${source}:${index + 1}: expected "text<TAB>aspect<TAB>positive|negative" with a known aspect, got ${JSON.stringify(line.slice(0, 80))}`,
      );
    }
    const pairs = items.get(text) ?? [];
    if (!pairs.some((p) => p.aspect === aspect && p.polarity === polarity)) pairs.push({ aspect, polarity });
    items.set(text, pairs);
  });
  return [...items].map(([text, gold]) => ({ text, gold }));
}

const keyOf = (p: AspectPair): string => `${p.aspect}\u0000${p.polarity}`;
const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
const f1Of = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
const r4 = (x: number): number => Math.round(x * 10000) / 10000;

/**
 * Micro-averaged over items: precision = ΣTP / Σ|predicted|, recall = ΣTP / Σ|gold|, on distinct
 * (aspect, polarity) pairs per item; a neutral or mixed prediction counts as predicted and never matches.
 */
export function aspectScores(
  items: ReadonlyArray<{ readonly gold: readonly AspectPair[]; readonly predicted: readonly AspectPair[] }>,
): AspectScores {
  const counts = new Map<string, AspectCounts>();
  const countsOf = (aspect: string): AspectCounts => {
    const c = counts.get(aspect) ?? { tp: 0, predicted: 0, gold: 0 };
    counts.set(aspect, c);
    return c;
  };
  for (const item of items) {
    const gold = new Map(item.gold.map((p) => [keyOf(p), p]));
    const predicted = new Map(item.predicted.map((p) => [keyOf(p), p]));
    for (const p of gold.values()) countsOf(p.aspect).gold += 1;
    for (const [key, p] of predicted) {
      const c = countsOf(p.aspect);
      c.predicted += 1;
      if (POLARITIES.has(p.polarity) && gold.has(key)) c.tp += 1;
    }
  }
  const total = [...counts.values()].reduce(
    (sum, c) => ({ tp: sum.tp + c.tp, predicted: sum.predicted + c.predicted, gold: sum.gold + c.gold }),
    { tp: 0, predicted: 0, gold: 0 },
  );
  const precision = ratio(total.tp, total.predicted);
  const recall = ratio(total.tp, total.gold);
  const perAspect = new Map(
    [...counts]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([aspect, c]) => {
        const p = ratio(c.tp, c.predicted);
        const r = ratio(c.tp, c.gold);
        return [aspect, { ...c, precision: r4(p), recall: r4(r), f1: r4(f1Of(p, r)) }] as const;
      }),
  );
  return {
    figures: {
      task: 'aspects',
      n: items.length,
      precision: r4(precision),
      recall: r4(recall),
      f1: r4(f1Of(precision, recall)),
    },
    perAspect,
  };
}
