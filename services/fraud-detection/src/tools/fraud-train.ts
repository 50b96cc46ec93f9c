// Trains the fraud model's logistic-regression weights on generated streams and writes
// services/fraud-detection/model/weights.json:
//   npm run build && node dist/services/fraud-detection/src/tools/fraud-train.js [--seeds 1,11,21 --epochs 800]
// Training data: the `baseline` profile only; evaluation uses other seeds and the `shifted` profile.
import { readFileSync, writeFileSync } from 'node:fs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { computeFeatures, FEATURE_NAMES, type OrderFeatures } from '../domain/order-features.js';
import { fitLogisticRegression, RiskModel } from '../domain/risk-model.js';
import { parseRuleSet } from '../domain/rule-set.js';
import { parseLabelledLine, replayCounters } from '../evaluation/order-replay.js';
import { prAuc, rocAuc } from '../evaluation/ranking-metrics.js';
import { serviceAsset } from '../service-assets.js';
import { MemoryFeatureStore } from '../stores/memory-feature-store.js';
import { PROFILES, generateStream } from './fraud-stream.js';

const argv = await yargs(hideBin(process.argv))
  .option('seeds', { type: 'string', default: '1,11,21' })
  .option('epochs', { type: 'number', default: 800 })
  .option('lr', { type: 'number', default: 0.5 })
  .option('l2', { type: 'number', default: 0.002 })
  .option('out', { type: 'string' })
  .strict()
  .parse();

const rules = parseRuleSet(readFileSync(serviceAsset('rules/default.yaml'), 'utf8'));
const seeds = argv.seeds.split(',').map(Number);
const rows: OrderFeatures[] = [];
const labels: number[] = [];
for (const seed of seeds) {
  const stream = generateStream(PROFILES.baseline, seed).map((r, i) =>
    parseLabelledLine(JSON.stringify({ ...r.json, label: r.label }), i + 1),
  );
  await replayCounters(stream, new MemoryFeatureStore(), rules.cardTesting.smallAmount, (row, counters) => {
    rows.push(computeFeatures(row.facts, counters, rules));
    labels.push(row.label);
  });
}
const positives = labels.filter((l) => l === 1).length;
const weights = fitLogisticRegression(
  rows,
  labels,
  FEATURE_NAMES,
  `lr-baseline-s${seeds.join('-')}-e${argv.epochs}`,
  {
    epochs: argv.epochs,
    learningRate: argv.lr,
    l2: argv.l2,
    positiveWeight: Math.max(1, (labels.length - positives) / positives / 4),
  },
);
const model = new RiskModel(weights);
const scores = rows.map((f) => model.predict(f).score);
const trainedOn = {
  profile: 'baseline',
  seeds,
  rows: rows.length,
  positives,
  train_roc_auc: rocAuc(scores, labels),
  train_pr_auc: prAuc(scores, labels),
};
const out = argv.out ?? serviceAsset('model/weights.json');
writeFileSync(out, JSON.stringify({ ...weights, trainedOn }, null, 2) + '\n');
console.error(JSON.stringify({ out, ...trainedOn }));
