// Multinomial logistic regression over the sparse message features (intent-features.ts). The weights
// ship as JSON, one model per language (model/support-intent.json from tests/eval/data/intent-train.tsv,
// model/support-intent-zh.json from intent-zh-train.tsv), written by src/tools/support-intent-train.ts. Confidence is the softmax probability after temperature scaling,
// the temperature fitted on out-of-fold predictions of the training set, so 0.6 means "right about
// six times in ten" on messages like the training ones.
import { languageOfText } from '@shopmind/vocabulary';
import { z } from 'zod';
import { SUPPORT_INTENTS, type SupportIntent } from '../../domain/support-intents.js';
import { intentFeatures, type FeatureVector } from './intent-features.js';

export const intentModelSchema = z.strictObject({
  version: z.string().min(1),
  /** The language whose features the weights are for (intent-features.ts); absent: English. */
  language: z.enum(['en', 'zh']).optional(),
  intents: z.array(z.enum(SUPPORT_INTENTS)).min(2),
  temperature: z.number().positive(),
  /** Feature name → one weight per intent (in `intents` order). */
  weights: z.record(z.string(), z.array(z.number())),
  trainedOn: z.record(z.string(), z.unknown()).optional(),
});
export type IntentModelWeights = z.infer<typeof intentModelSchema>;

export interface IntentPrediction {
  readonly intent: SupportIntent;
  /** Calibrated probability of `intent`, 0 … 1. */
  readonly confidence: number;
  /** Every intent's probability, highest first. */
  readonly ranking: readonly { intent: SupportIntent; probability: number }[];
}

export function softmax(logits: readonly number[], temperature = 1): number[] {
  const scaled = logits.map((l) => l / temperature);
  const max = Math.max(...scaled);
  const exps = scaled.map((l) => Math.exp(l - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

export function logitsOf(
  features: FeatureVector,
  weights: Readonly<Record<string, readonly number[]>>,
  classes: number,
): number[] {
  const logits = new Array<number>(classes).fill(0);
  for (const [name, value] of features) {
    const w = weights[name];
    if (!w) continue;
    for (let k = 0; k < classes; k++) logits[k] += w[k] * value;
  }
  return logits;
}

export class IntentClassifier {
  private readonly weights: Readonly<Record<string, readonly number[]>>;

  constructor(readonly model: IntentModelWeights) {
    const n = model.intents.length;
    for (const [name, w] of Object.entries(model.weights)) {
      if (w.length !== n)
        throw new Error(
          `intent model ${model.version}: feature ${name} has ${w.length} weights, expected ${n}`,
        );
    }
    this.weights = model.weights;
  }

  static fromJson(json: unknown): IntentClassifier {
    return new IntentClassifier(intentModelSchema.parse(json));
  }

  get version(): string {
    return this.model.version;
  }

  get language(): 'en' | 'zh' {
    return this.model.language ?? 'en';
  }

  classify(text: string): IntentPrediction {
    const probabilities = softmax(
      logitsOf(intentFeatures(text, this.language), this.weights, this.model.intents.length),
      this.model.temperature,
    );
    const ranking = this.model.intents
      .map((intent, k) => ({ intent, probability: probabilities[k] }))
      .sort((a, b) => b.probability - a.probability);
    return { intent: ranking[0].intent, confidence: ranking[0].probability, ranking };
  }
}

export interface TrainingRow {
  readonly features: FeatureVector;
  /** Index into the class list. */
  readonly label: number;
}

export interface TrainingOptions {
  readonly classes: number;
  readonly epochs: number;
  readonly learningRate: number;
  /** L2 penalty on the weights (not on the bias feature). */
  readonly l2: number;
}

/**
 * Full-batch Adam on the mean cross-entropy with L2, from zero weights: the same rows in the same
 * order always give the same weights.
 */
export function fitSoftmaxRegression(
  rows: readonly TrainingRow[],
  opts: TrainingOptions,
): Record<string, number[]> {
  const { classes } = opts;
  const names = [...new Set(rows.flatMap((r) => [...r.features.keys()]))].sort();
  const index = new Map(names.map((n, i) => [n, i]));
  const sparse = rows.map((r) => [...r.features].map(([n, v]) => [index.get(n) as number, v] as const));
  const d = names.length;
  const w = new Float64Array(d * classes);
  const m = new Float64Array(d * classes);
  const v = new Float64Array(d * classes);
  const grad = new Float64Array(d * classes);
  const [beta1, beta2, eps] = [0.9, 0.999, 1e-8];
  const biasIndex = index.get('bias:1');
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    grad.fill(0);
    for (let i = 0; i < rows.length; i++) {
      const logits = new Array<number>(classes).fill(0);
      for (const [j, x] of sparse[i]) for (let k = 0; k < classes; k++) logits[k] += w[j * classes + k] * x;
      const p = softmax(logits);
      p[rows[i].label] -= 1;
      for (const [j, x] of sparse[i])
        for (let k = 0; k < classes; k++) grad[j * classes + k] += (p[k] * x) / rows.length;
    }
    for (let j = 0; j < d; j++) {
      for (let k = 0; k < classes; k++) {
        const at = j * classes + k;
        const g = grad[at] + (j === biasIndex ? 0 : opts.l2 * w[at]);
        m[at] = beta1 * m[at] + (1 - beta1) * g;
        v[at] = beta2 * v[at] + (1 - beta2) * g * g;
        const mHat = m[at] / (1 - beta1 ** epoch);
        const vHat = v[at] / (1 - beta2 ** epoch);
        w[at] -= (opts.learningRate * mHat) / (Math.sqrt(vHat) + eps);
      }
    }
  }
  const out: Record<string, number[]> = {};
  names.forEach((name, j) => {
    out[name] = Array.from(w.subarray(j * classes, (j + 1) * classes));
  });
  return out;
}

/** The temperature that minimises the negative log-likelihood of `labels` under `logits` (golden-section search). */
export function fitTemperature(logits: readonly (readonly number[])[], labels: readonly number[]): number {
  const nll = (t: number): number =>
    -logits.reduce((s, l, i) => s + Math.log(Math.max(1e-12, softmax(l, t)[labels[i]])), 0) / logits.length;
  let [lo, hi] = [0.05, 20];
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 80; i++) {
    const a = hi - phi * (hi - lo);
    const b = lo + phi * (hi - lo);
    if (nll(a) < nll(b)) hi = b;
    else lo = a;
  }
  return (lo + hi) / 2;
}

/**
 * The local intent models by language: a message is classified by the model of its language
 * (`languageOfText`, the declared locale deciding only when the text is too short to tell; no
 * letters at all: English). A language no model covers gets no prediction: it is never read as English.
 */
export class IntentClassifiers {
  private readonly byLanguage: ReadonlyMap<string, IntentClassifier>;

  constructor(classifiers: readonly IntentClassifier[]) {
    this.byLanguage = new Map(classifiers.map((c) => [c.language, c]));
  }

  /** The language of `text` as the models see it (`locale` is the request's, when known). */
  languageOf(text: string, locale?: string): string {
    return languageOfText(text, locale, 'en');
  }

  /** The model for `language`, if one covers it. */
  for(language: string): IntentClassifier | undefined {
    return this.byLanguage.get(language);
  }

  get languages(): string[] {
    return [...this.byLanguage.keys()];
  }

  get version(): string {
    return [...this.byLanguage.values()].map((c) => `${c.language}:${c.version}`).join(',');
  }
}
