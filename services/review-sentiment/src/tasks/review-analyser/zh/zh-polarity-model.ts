// The learned Chinese polarity model: logistic regression over the features of zh-features.ts.
// The weights ship as zh-polarity-weights.json, written by src/tools/review-zh-polarity-train.ts;
// fitZhPolarity is that tool's learner (Adagrad on the log loss with L2, in a seeded order, so the
// same data and options give the same weights).
import { DEFAULT_ZH_FEATURES, zhFeatures, type ZhFeatureOptions } from './zh-features.js';

export interface ZhPolarityWeights {
  readonly version: string;
  readonly features: ZhFeatureOptions;
  readonly bias: number;
  readonly weights: Readonly<Record<string, number>>;
  /** What it was trained on: files with their sha256, sizes, options, figures. */
  readonly trainedOn: Readonly<Record<string, unknown>>;
}

export class ZhPolarityModel {
  private readonly weights: ReadonlyMap<string, number>;

  constructor(readonly model: ZhPolarityWeights) {
    this.weights = new Map(Object.entries(model.weights));
  }

  /** The log-odds that `text` is positive. */
  logit(text: string): number {
    return this.logitOf(zhFeatures(text, this.model.features ?? DEFAULT_ZH_FEATURES));
  }

  logitOf(features: ReadonlyMap<string, number>): number {
    let z = this.model.bias;
    for (const [f, v] of features) z += (this.weights.get(f) ?? 0) * v;
    return z;
  }
}

export interface ZhTrainingItem {
  readonly features: ReadonlyMap<string, number>;
  readonly positive: boolean;
  /** How much the item counts (a hand-written shopping review more than a hotel review). */
  readonly weight: number;
}

export interface ZhFitOptions {
  readonly epochs: number;
  readonly learningRate: number;
  readonly l2: number;
  /** The shuffle's random source; a seeded one makes training deterministic. */
  readonly random: () => number;
}

/** Logistic regression fitted by Adagrad; classes weighted to count alike. */
export function fitZhPolarity(
  items: readonly ZhTrainingItem[],
  options: ZhFitOptions,
): { bias: number; weights: Map<string, number> } {
  const weights = new Map<string, number>();
  const squares = new Map<string, number>();
  let bias = 0;
  let biasSquares = 0;
  const pos = items.reduce((s, x) => s + (x.positive ? x.weight : 0), 0);
  const neg = items.reduce((s, x) => s + (x.positive ? 0 : x.weight), 0);
  const classWeight = (positive: boolean): number => (pos + neg) / (2 * (positive ? pos || 1 : neg || 1));
  const order = items.map((_, i) => i);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(options.random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const index of order) {
      const item = items[index]!;
      let z = bias;
      for (const [f, v] of item.features) z += (weights.get(f) ?? 0) * v;
      const p = 1 / (1 + Math.exp(-z));
      const g = (p - (item.positive ? 1 : 0)) * item.weight * classWeight(item.positive);
      for (const [f, v] of item.features) {
        const w = weights.get(f) ?? 0;
        const grad = g * v + options.l2 * w;
        const sq = (squares.get(f) ?? 0) + grad * grad;
        squares.set(f, sq);
        weights.set(f, w - (options.learningRate * grad) / Math.sqrt(sq + 1e-8));
      }
      biasSquares += g * g;
      bias -= (options.learningRate * g) / Math.sqrt(biasSquares + 1e-8);
    }
  }
  return { bias, weights };
}
