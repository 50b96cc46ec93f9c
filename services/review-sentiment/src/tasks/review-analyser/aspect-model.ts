// Which aspects a clause talks about, and which way it leans about them: one logistic model per
// aspect over the clause's features (aspect-features.ts), and one for the polarity of what a clause
// says about its aspect, weights learned from labelled reviews by src/tools/review-aspects-train.ts.
// The labels say which aspects a review talks about, not which clause does, so training treats a
// review as a bag of clauses: the review is about an aspect when its most likely clause is
// (multiple-instance learning with the max over clauses).

export interface AspectModelWeights {
  readonly version: string;
  readonly aspects: readonly string[];
  /** Per aspect, in the order of `aspects`. */
  readonly bias: readonly number[];
  /** feature → aspect → weight; weights that round to 0 are left out. */
  readonly weights: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** A clause is about an aspect when its score (a logit) is above this. */
  readonly threshold: number;
  /** The polarity model: the logit that what a clause says about its aspect is positive. */
  readonly polarity: { readonly bias: number; readonly weights: Readonly<Record<string, number>> };
  readonly trainedOn: Readonly<Record<string, unknown>>;
}

export class AspectModel {
  private readonly index: ReadonlyMap<string, number>;

  constructor(private readonly model: AspectModelWeights) {
    this.index = new Map(model.aspects.map((a, i) => [a, i]));
  }

  get version(): string {
    return this.model.version;
  }

  /** One score (logit) per aspect, in the order of the model's aspects. */
  scores(features: readonly string[]): number[] {
    const z = [...this.model.bias];
    for (const f of features) {
      const row = this.model.weights[f];
      if (!row) continue;
      for (const [aspect, w] of Object.entries(row)) {
        const i = this.index.get(aspect);
        if (i !== undefined) z[i]! += w;
      }
    }
    return z;
  }

  /** The aspects whose score is above the model's threshold, with that score. */
  found(features: readonly string[]): Array<{ aspect: string; score: number }> {
    const z = this.scores(features);
    return this.model.aspects.flatMap((aspect, i) =>
      z[i]! > this.model.threshold ? [{ aspect, score: z[i]! }] : [],
    );
  }

  /** -1 … 1: how positive what a clause says about its aspect is (2·P(positive) − 1). */
  lean(polarityFeatures: readonly string[]): number {
    let z = this.model.polarity.bias;
    for (const f of polarityFeatures) z += this.model.polarity.weights[f] ?? 0;
    return 2 * sigmoid(z) - 1;
  }
}

export interface AspectTrainingItem {
  /** The features of each clause of the review. */
  readonly clauses: ReadonlyArray<readonly string[]>;
  /** The aspects the review gives an opinion on. */
  readonly aspects: ReadonlySet<string>;
}

export interface AspectFitOptions {
  readonly epochs: number;
  readonly learningRate: number;
  readonly l2: number;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/**
 * Full-batch Adam on the logistic loss of max-over-clauses scores, L2 on the feature weights (not
 * the biases). Deterministic: the same items and options give the same weights.
 */
export function fitAspectModel(
  items: readonly AspectTrainingItem[],
  aspects: readonly string[],
  options: AspectFitOptions,
): { bias: number[]; weights: Map<string, number[]> } {
  const featureIndex = new Map<string, number>();
  const encoded = items.map((item) => ({
    clauses: item.clauses.map((c) =>
      c.map((f) => {
        if (!featureIndex.has(f)) featureIndex.set(f, featureIndex.size);
        return featureIndex.get(f)!;
      }),
    ),
    labels: aspects.map((a) => (item.aspects.has(a) ? 1 : 0)),
  }));
  const A = aspects.length;
  const F = featureIndex.size;
  const params = new Float64Array((F + 1) * A); // row F holds the biases
  const m = new Float64Array(params.length);
  const v = new Float64Array(params.length);
  const grad = new Float64Array(params.length);
  const [beta1, beta2, eps] = [0.9, 0.999, 1e-8];
  const z = new Float64Array(A);

  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    grad.fill(0);
    for (const item of encoded) {
      const best = new Array<number>(A).fill(-Infinity);
      const bestClause = new Array<number>(A).fill(-1);
      item.clauses.forEach((features, c) => {
        for (let a = 0; a < A; a++) z[a] = params[F * A + a]!;
        for (const f of features) for (let a = 0; a < A; a++) z[a]! += params[f * A + a]!;
        for (let a = 0; a < A; a++) {
          if (z[a]! > best[a]!) {
            best[a] = z[a]!;
            bestClause[a] = c;
          }
        }
      });
      for (let a = 0; a < A; a++) {
        if (bestClause[a]! < 0) continue;
        const g = (sigmoid(best[a]!) - item.labels[a]!) / encoded.length;
        grad[F * A + a]! += g;
        for (const f of item.clauses[bestClause[a]!]!) grad[f * A + a]! += g;
      }
    }
    for (let i = 0; i < params.length; i++) {
      const g = grad[i]! + (i < F * A ? options.l2 * params[i]! : 0);
      m[i] = beta1 * m[i]! + (1 - beta1) * g;
      v[i] = beta2 * v[i]! + (1 - beta2) * g * g;
      const mHat = m[i]! / (1 - beta1 ** epoch);
      const vHat = v[i]! / (1 - beta2 ** epoch);
      params[i]! -= (options.learningRate * mHat) / (Math.sqrt(vHat) + eps);
    }
  }

  const weights = new Map<string, number[]>();
  for (const [name, f] of featureIndex) weights.set(name, [...params.subarray(f * A, (f + 1) * A)]);
  return { bias: [...params.subarray(F * A, (F + 1) * A)], weights };
}
