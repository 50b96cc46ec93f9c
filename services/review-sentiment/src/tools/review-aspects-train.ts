// Trains review-sentiment's aspect model and writes
// services/review-sentiment/src/tasks/review-analyser/aspect-weights.ts:
//   npm run build && node dist/services/review-sentiment/src/tools/review-aspects-train.js [--epochs 300 --l2 0.0003 --threshold 0.3 --prune 0.2]
// Learns from tests/eval/data/aspects-train.tsv only (aspects-dev.tsv is for choosing these options,
// aspects-heldout.tsv for the final figure). With --out <file>.json it writes the weights as JSON
// instead, for `npm run eval -- aspects <file.tsv> --weights <file>.json`. Deterministic: the same
// file and options give the same output, byte for byte.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { parseAspectTsv } from '../evaluation/aspect-metrics.js';
import {
  AspectModel,
  fitAspectModel,
  type AspectTrainingItem,
} from '../tasks/review-analyser/aspect-model.js';
import type { AspectModelWeights } from '../tasks/review-analyser/aspect-model.js';
import { ASPECTS, ReviewAnalyser } from '../tasks/review-analyser/index.js';

const argv = await yargs(hideBin(process.argv))
  .option('data', { type: 'string', default: 'tests/eval/data/aspects-train.tsv' })
  .option('epochs', { type: 'number', default: 300 })
  .option('lr', { type: 'number', default: 0.05 })
  .option('l2', { type: 'number', default: 0.0003 })
  .option('prune', {
    type: 'number',
    default: 0.2,
    describe: 'refit without features whose weights all stay below this, then leave out weights below it',
  })
  .option('min-count', {
    type: 'number',
    default: 2,
    describe: 'drop features seen in fewer training reviews',
  })
  .option('threshold', {
    type: 'number',
    default: 0.3,
    describe: 'probability above which a clause is about an aspect',
  })
  .option('out', {
    type: 'string',
    default: 'services/review-sentiment/src/tasks/review-analyser/aspect-weights.ts',
  })
  .strict()
  .parse();

const content = readFileSync(argv.data, 'utf8');
const aspects = ASPECTS.map((a) => a.name);
const labelled = parseAspectTsv(content, new Set<string>(aspects), argv.data);
const analyser = new ReviewAnalyser();
const extracted = labelled.map((item) => analyser.aspectFeatures({ body: item.text }));
const minCount = argv['min-count'];
/** Features seen in at least `min-count` training reviews. */
function frequent(lists: ReadonlyArray<ReadonlyArray<readonly string[]>>): (f: string) => boolean {
  const counts = new Map<string, number>();
  for (const clauses of lists)
    for (const f of new Set(clauses.flat())) counts.set(f, (counts.get(f) ?? 0) + 1);
  return (f) => (counts.get(f) ?? 0) >= minCount;
}
const options = { epochs: argv.epochs, learningRate: argv.lr, l2: argv.l2 };
/**
 * Fits, then fits again on the features with a weight of at least --prune somewhere, so that the
 * second fit makes up for what the dropped features carried; weights below --prune are then left
 * out of the file (a model a third of the size, the same figures on the development set).
 */
function fitPruned(
  items: readonly AspectTrainingItem[],
  labels: readonly string[],
): ReturnType<typeof fitAspectModel> {
  const first = fitAspectModel(items, labels, options);
  const strong = new Set(
    [...first.weights].filter(([, w]) => w.some((x) => Math.abs(x) >= argv.prune)).map(([f]) => f),
  );
  return fitAspectModel(
    items.map((item) => ({ ...item, clauses: item.clauses.map((c) => c.filter((f) => strong.has(f))) })),
    labels,
    options,
  );
}
const round = (x: number): number => Math.round(x * 100) / 100;

// 1. Which aspects a clause talks about.
const keepAspect = frequent(extracted.map((clauses) => clauses.map((c) => c.aspects)));
const detection = fitPruned(
  labelled.map((item, i) => ({
    clauses: extracted[i]!.map((c) => c.aspects.filter(keepAspect)),
    aspects: new Set(item.gold.map((p) => p.aspect)),
  })),
  aspects,
);
const weights: Record<string, Record<string, number>> = {};
for (const name of [...detection.weights.keys()].sort()) {
  const row: Record<string, number> = {};
  detection.weights.get(name)!.forEach((w, a) => {
    if (Math.abs(w) >= argv.prune) row[aspects[a]!] = round(w);
  });
  if (Object.keys(row).length > 0) weights[name] = row;
}
const threshold = round(Math.log(argv.threshold / (1 - argv.threshold)));
const detector = new AspectModel({
  version: '',
  aspects,
  bias: detection.bias.map(round),
  weights,
  threshold,
  polarity: { bias: 0, weights: {} },
  trainedOn: {},
});

// 2. Which way a clause leans about its aspect: trained on the clause the detector finds most
// likely to be about each labelled aspect, with that aspect's label.
const polarityRows = labelled.flatMap((item, i) =>
  item.gold.map((pair) => {
    const clauses = extracted[i]!;
    const a = aspects.indexOf(pair.aspect as (typeof aspects)[number]);
    const best = clauses.reduce(
      (b, c, k) => (detector.scores(c.aspects)[a]! > detector.scores(clauses[b]!.aspects)[a]! ? k : b),
      0,
    );
    return { features: clauses[best]!.polarity, positive: pair.polarity === 'positive' };
  }),
);
const keepPolarity = frequent(polarityRows.map((r) => [r.features]));
const leaning = fitPruned(
  polarityRows.map((r) => ({
    clauses: [r.features.filter(keepPolarity)],
    aspects: new Set(r.positive ? ['positive'] : []),
  })),
  ['positive'],
);
const polarityWeights: Record<string, number> = {};
for (const name of [...leaning.weights.keys()].sort()) {
  const w = leaning.weights.get(name)![0]!;
  if (Math.abs(w) >= argv.prune) polarityWeights[name] = round(w);
}

const model: AspectModelWeights = {
  version: `mil-logistic-e${argv.epochs}-l2${argv.l2}-p${argv.prune}-t${argv.threshold}`,
  aspects,
  bias: detection.bias.map(round),
  weights,
  threshold,
  polarity: { bias: round(leaning.bias[0]!), weights: polarityWeights },
  trainedOn: {
    data: argv.data,
    data_sha256: createHash('sha256').update(content).digest('hex'),
    reviews: labelled.length,
    aspect_pairs: polarityRows.length,
    features: Object.keys(weights).length,
    polarity_features: Object.keys(polarityWeights).length,
    options: {
      epochs: argv.epochs,
      lr: argv.lr,
      l2: argv.l2,
      prune: argv.prune,
      minCount,
      threshold: argv.threshold,
    },
  },
};

const json = JSON.stringify(model);
writeFileSync(
  argv.out,
  argv.out.endsWith('.json')
    ? `${json}\n`
    : [
        '// Written by services/review-sentiment/src/tools/review-aspects-train.ts from tests/eval/data/aspects-train.tsv; do not edit by hand.',
        "import type { AspectModelWeights } from './aspect-model.js';",
        '',
        `export const ASPECT_WEIGHTS: AspectModelWeights = ${json};`,
        '',
      ].join('\n'),
);
console.error(JSON.stringify({ out: argv.out, version: model.version, ...model.trainedOn }));
