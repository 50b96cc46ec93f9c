// Trains customer-service's local intent model and writes services/customer-service/model/support-intent.json:
//   npm run build && node dist/services/customer-service/src/tools/support-intent-train.js [--epochs 300 --l2 0.001 --folds 5 --seed 12]
//   … support-intent-train.js --language zh   (model/support-intent-zh.json from intent-zh-train.tsv)
// Learns from tests/eval/data/intent-train.tsv (English) or intent-zh-train.tsv (Chinese) only. The temperature that turns scores into
// confidences is fitted on out-of-fold predictions (seeded folds), so it is not fitted on rows the
// model has seen. Deterministic: the same file and options give the same JSON, byte for byte.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { seededRandom } from '@shopmind/testing';
import { SUPPORT_INTENTS } from '../domain/support-intents.js';
import { parseIntentTsv } from '../evaluation/intent-metrics.js';
import { intentFeatures } from '../tasks/support-intent/intent-features.js';
import {
  fitSoftmaxRegression,
  fitTemperature,
  logitsOf,
  type IntentModelWeights,
  type TrainingRow,
} from '../tasks/support-intent/intent-model.js';
import { customerServiceAsset } from '../service-assets.js';

const DEFAULTS = {
  en: { data: 'tests/eval/data/intent-train.tsv', out: 'model/support-intent.json' },
  zh: { data: 'tests/eval/data/intent-zh-train.tsv', out: 'model/support-intent-zh.json' },
} as const;

const argv = await yargs(hideBin(process.argv))
  .option('language', { choices: ['en', 'zh'] as const, default: 'en' as const })
  .option('data', { type: 'string', describe: "default: the language's training file" })
  .option('epochs', { type: 'number', default: 300 })
  .option('lr', { type: 'number', default: 0.05 })
  .option('l2', { type: 'number', default: 0.001 })
  .option('min-count', { type: 'number', default: 2, describe: 'drop features seen in fewer training rows' })
  .option('folds', { type: 'number', default: 5 })
  .option('seed', { type: 'number', default: 12 })
  .option('out', { type: 'string' })
  .strict()
  .parse();

const language = argv.language;
const data = argv.data ?? DEFAULTS[language].data;
const content = readFileSync(data, 'utf8');
const labelled = parseIntentTsv(content, data);
const intents = [...SUPPORT_INTENTS];
const counts = new Map<string, number>();
const extracted = labelled.map((r) => intentFeatures(r.text, language));
for (const f of extracted) for (const name of f.keys()) counts.set(name, (counts.get(name) ?? 0) + 1);
const rows: TrainingRow[] = labelled.map((r, i) => ({
  features: new Map([...extracted[i]].filter(([name]) => (counts.get(name) ?? 0) >= argv['min-count'])),
  label: intents.indexOf(r.intent),
}));
const options = { classes: intents.length, epochs: argv.epochs, learningRate: argv.lr, l2: argv.l2 };

// Seeded fold assignment: a shuffled order, then every k-th row.
const random = seededRandom(argv.seed);
const order = rows
  .map((_, i) => ({ i, r: random() }))
  .sort((a, b) => a.r - b.r)
  .map((x) => x.i);
const fold = new Array<number>(rows.length);
order.forEach((row, position) => (fold[row] = position % argv.folds));
const outOfFold: number[][] = new Array<number[]>(rows.length);
for (let k = 0; k < argv.folds; k++) {
  const weights = fitSoftmaxRegression(
    rows.filter((_, i) => fold[i] !== k),
    options,
  );
  rows.forEach((row, i) => {
    if (fold[i] === k) outOfFold[i] = logitsOf(row.features, weights, intents.length);
  });
}
const labels = rows.map((r) => r.label);
const argmax = (l: readonly number[]): number => l.indexOf(Math.max(...l));
const cvAccuracy = outOfFold.filter((l, i) => argmax(l) === labels[i]).length / rows.length;
const temperature = fitTemperature(outOfFold, labels);

const full = fitSoftmaxRegression(rows, options);
const round = (x: number): number => Math.round(x * 1e3) / 1e3;
const weights: Record<string, number[]> = {};
for (const [name, w] of Object.entries(full)) {
  const rounded = w.map(round);
  if (rounded.some((x) => x !== 0)) weights[name] = rounded;
}
const trainedOn = {
  data,
  data_sha256: createHash('sha256').update(content).digest('hex'),
  rows: rows.length,
  features: Object.keys(weights).length,
  options: {
    epochs: argv.epochs,
    lr: argv.lr,
    l2: argv.l2,
    minCount: argv['min-count'],
    folds: argv.folds,
    seed: argv.seed,
  },
  cv_accuracy: round(cvAccuracy),
};
const model: IntentModelWeights = {
  version: `${language === 'en' ? '' : `${language}-`}softmax-s${argv.seed}-e${argv.epochs}-l2${argv.l2}`,
  ...(language === 'en' ? {} : { language }),
  intents,
  temperature: round(temperature),
  weights,
  trainedOn,
};
const out = argv.out ?? join(customerServiceAsset('model'), basename(DEFAULTS[language].out));
writeFileSync(out, JSON.stringify(model) + '\n');
console.error(JSON.stringify({ out, temperature: model.temperature, ...trainedOn }));
