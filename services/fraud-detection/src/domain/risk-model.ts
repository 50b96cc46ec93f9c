// Logistic regression over the order features. Weights ship as JSON (model/weights.json) and are
// produced by src/tools/fraud-train.ts on generated, labelled streams.
import { z } from 'zod';
import { FEATURE_NAMES, type FeatureName, type OrderFeatures } from './order-features.js';

export const modelWeightsSchema = z.strictObject({
  version: z.string().min(1),
  features: z.array(z.enum(FEATURE_NAMES)).min(1),
  mean: z.array(z.number()),
  std: z.array(z.number().positive()),
  weights: z.array(z.number()),
  bias: z.number(),
  trainedOn: z.record(z.string(), z.unknown()).optional(),
});
export type ModelWeights = z.infer<typeof modelWeightsSchema>;

const LOG_COUNT =
  /(_orders_|_cards_|_users_|_devices_|^small_orders|^card_testing|^chargebacks|^amount$|^account_age_days)/;

/** Monotone squashing so that heavy-tailed counts and amounts do not dominate the linear model. */
export function transformFeature(name: FeatureName, v: number): number {
  if (name === 'amount_ratio' || name === 'amount_over_max')
    return Math.log(Math.min(100, Math.max(0.01, v)));
  if (name === 'account_age_days') return Math.log1p(Math.min(v, 3650));
  if (LOG_COUNT.test(name)) return Math.log1p(Math.max(0, v));
  return v;
}

export interface Contribution {
  feature: FeatureName;
  value: number;
  /** Change in log-odds this feature causes against an average order. */
  contribution: number;
}

export interface ModelOutput {
  score: number;
  logit: number;
  contributions: Contribution[];
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

export class RiskModel {
  /** Per feature, the transform chosen once (not a regex test per feature per checkout). */
  private readonly transforms: ((v: number) => number)[];

  constructor(readonly weights: ModelWeights) {
    const n = weights.features.length;
    if (weights.mean.length !== n || weights.std.length !== n || weights.weights.length !== n) {
      throw new Error(`model ${weights.version}: features, mean, std and weights must have the same length`);
    }
    // Same arithmetic as transformFeature, branch decided per feature once.
    this.transforms = weights.features.map((name): ((v: number) => number) => {
      if (name === 'amount_ratio' || name === 'amount_over_max')
        return (v) => Math.log(Math.min(100, Math.max(0.01, v)));
      if (name === 'account_age_days') return (v) => Math.log1p(Math.min(v, 3650));
      if (LOG_COUNT.test(name)) return (v) => Math.log1p(Math.max(0, v));
      return (v) => v;
    });
  }

  static fromJson(json: unknown): RiskModel {
    return new RiskModel(modelWeightsSchema.parse(json));
  }

  get version(): string {
    return this.weights.version;
  }

  /** Standardised, transformed vector in the model's feature order. */
  vector(f: OrderFeatures): number[] {
    const { features, mean, std } = this.weights;
    return features.map((name, i) => (transformFeature(name, f[name]) - mean[i]) / std[i]);
  }

  predict(f: OrderFeatures): ModelOutput {
    const { features, mean, std, weights, bias } = this.weights;
    let logit = bias;
    const contributions: Contribution[] = new Array<Contribution>(features.length);
    for (let i = 0; i < features.length; i++) {
      const feature = features[i];
      const value = f[feature];
      const contribution = weights[i] * ((this.transforms[i](value) - mean[i]) / std[i]);
      logit += contribution;
      contributions[i] = { feature, value, contribution };
    }
    contributions.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
    return { score: sigmoid(logit), logit, contributions };
  }
}

export interface TrainingOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  /** Weight of positive examples, to offset class imbalance. */
  positiveWeight: number;
}

/** Full-batch gradient descent on the weighted log-loss with L2; deterministic for the same input. */
export function fitLogisticRegression(
  rows: OrderFeatures[],
  labels: number[],
  features: readonly FeatureName[],
  version: string,
  opts: TrainingOptions,
): ModelWeights {
  const n = rows.length;
  const d = features.length;
  const raw = rows.map((r) => features.map((name) => transformFeature(name, r[name])));
  const mean = features.map((_, j) => raw.reduce((s, r) => s + r[j], 0) / n);
  const std = features.map((_, j) => {
    const v = raw.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / n;
    return Math.sqrt(v) > 1e-9 ? Math.sqrt(v) : 1;
  });
  const x = raw.map((r) => r.map((v, j) => (v - mean[j]) / std[j]));
  const w = new Array<number>(d).fill(0);
  let b = 0;
  const sw = labels.reduce((s, y) => s + (y === 1 ? opts.positiveWeight : 1), 0);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const gw = new Array<number>(d).fill(0);
    let gb = 0;
    for (let i = 0; i < n; i++) {
      let z = b;
      for (let j = 0; j < d; j++) z += w[j] * x[i][j];
      const weight = labels[i] === 1 ? opts.positiveWeight : 1;
      const err = (sigmoid(z) - labels[i]) * weight;
      for (let j = 0; j < d; j++) gw[j] += err * x[i][j];
      gb += err;
    }
    for (let j = 0; j < d; j++) w[j] -= opts.learningRate * (gw[j] / sw + opts.l2 * w[j]);
    b -= opts.learningRate * (gb / sw);
  }
  const round = (v: number): number => Math.round(v * 1e6) / 1e6;
  return {
    version,
    features: [...features],
    mean: mean.map(round),
    std: std.map(round),
    weights: w.map(round),
    bias: round(b),
  };
}
