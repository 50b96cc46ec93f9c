// Trains review-sentiment's Chinese polarity model and writes
// services/review-sentiment/src/tasks/review-analyser/zh/zh-polarity-weights.json:
//   node scripts/build.mjs && node dist/services/review-sentiment/src/tools/review-zh-polarity-train.js [--cv 5]
// The shipped weights learn only from reviews written in this repository (ZH_TRAINING_FILES below,
// 4,672 reviews; --data replaces the list). Public corpora can be added with --corpus (label,review
// CSV files, weighted 1 against --data-weight for the written reviews) by whoever has the right to
// use them: the ones tried (github:SophonPlus/ChineseNlpCorpus) state no licence, so the shipped
// weights do not use them; see docs/decisions/zh-sentiment-data.md. tests/eval/data/sentiment-zh-dev.tsv
// (--dev) is only scored, for choosing the options; the never-tuned sentiment-zh-test.tsv is never
// read. Deterministic: the same files and options give the same weights, byte for byte.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { seededRandom } from '@shopmind/testing';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import {
  DEFAULT_ZH_FEATURES,
  zhFeatures,
  type ZhFeatureOptions,
} from '../tasks/review-analyser/zh/zh-features.js';
import {
  fitZhPolarity,
  ZhPolarityModel,
  type ZhPolarityWeights,
  type ZhTrainingItem,
} from '../tasks/review-analyser/zh/zh-polarity-model.js';

/** The reviews written here that the shipped weights learn from (text<TAB>0/1). */
const ZH_TRAINING_FILES = [
  'tests/eval/data/sentiment-zh-train.tsv',
  'tests/eval/data/sentiment-zh-train2.tsv',
  'tests/eval/data/sentiment-zh-train3.tsv',
  'tests/eval/data/sentiment-zh-train4.tsv',
  'tests/eval/data/sentiment-zh-train5.tsv',
] as const;

const argv = await yargs(hideBin(process.argv))
  .option('corpus', { type: 'string', array: true, default: [] as string[], describe: 'label,review CSV' })
  .option('data', {
    type: 'string',
    array: true,
    default: [...ZH_TRAINING_FILES],
    describe: 'text<TAB>0/1 files written here',
  })
  .option('data-weight', { type: 'number', default: 1, describe: 'weight of --data against --corpus rows' })
  .option('dev', { type: 'string', default: 'tests/eval/data/sentiment-zh-dev.tsv' })
  .option('epochs', { type: 'number', default: 20 })
  .option('lr', { type: 'number', default: 0.1 })
  .option('l2', { type: 'number', default: 0.0001 })
  .option('min-count', { type: 'number', default: 2, describe: 'drop features seen in fewer texts' })
  .option('prune', { type: 'number', default: 0.1, describe: 'leave out weights below this' })
  .option('max-gram', { type: 'number', default: DEFAULT_ZH_FEATURES.maxGram })
  .option('words', { type: 'boolean', default: DEFAULT_ZH_FEATURES.words })
  .option('negation', { type: 'boolean', default: DEFAULT_ZH_FEATURES.negation })
  .option('contrast-weight', { type: 'number', default: DEFAULT_ZH_FEATURES.contrastWeight })
  .option('concession-weight', { type: 'number', default: DEFAULT_ZH_FEATURES.concessionWeight })
  .option('cv', { type: 'number', default: 0, describe: 'also report k-fold cross-validation accuracy' })
  .option('out', {
    type: 'string',
    default: 'services/review-sentiment/src/tasks/review-analyser/zh/zh-polarity-weights.json',
  })
  .strict()
  .parse();

const featureOptions: ZhFeatureOptions = {
  maxGram: argv['max-gram'],
  words: argv.words,
  negation: argv.negation,
  contrastWeight: argv['contrast-weight'],
  concessionWeight: argv['concession-weight'],
};

interface Labelled {
  readonly text: string;
  readonly positive: boolean;
  readonly weight: number;
  /** Written here (shopping reviews), not a public corpus. */
  readonly own: boolean;
}

/** `label,review` CSV rows (RFC 4180 quoting), label 1 positive, 0 negative. */
function parseLabelCsv(content: string, file: string): Array<{ text: string; positive: boolean }> {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < content.length; i++) {
    const c = content[i]!;
    if (quoted) {
      if (c === '"' && content[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && content[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows.filter((r) => r.some((f) => f.trim()));
  if (header?.[0] !== 'label') throw new Error(`${file}: expected a "label,review" header`);
  return body.map((r, i) => {
    if (r[0] !== '0' && r[0] !== '1') throw new Error(`${file}: row ${i + 2}: label ${r[0]}`);
    return { text: r.slice(1).join(','), positive: r[0] === '1' };
  });
}

function parseTsv(content: string, file: string): Array<{ text: string; positive: boolean }> {
  return content
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((line, i) => {
      const tab = line.lastIndexOf('\t');
      const label = line.slice(tab + 1).trim();
      if (tab < 0 || (label !== '0' && label !== '1'))
        throw new Error(`${file}: line ${i + 1}: text<TAB>0|1`);
      return { text: line.slice(0, tab), positive: label === '1' };
    });
}

const sha256 = (content: string): string => createHash('sha256').update(content).digest('hex');
const sources: Array<Record<string, unknown>> = [];
const labelled: Labelled[] = [];
for (const file of argv.corpus) {
  const content = readFileSync(file, 'utf8');
  const rows = parseLabelCsv(content, file);
  sources.push({ corpus: basename(file), sha256: sha256(content), reviews: rows.length });
  for (const r of rows) labelled.push({ ...r, weight: 1, own: false });
}
const ownFiles: Array<{ file: string; sha256: string; reviews: number }> = [];
for (const file of argv.data) {
  const content = readFileSync(file, 'utf8');
  const rows = parseTsv(content, file);
  ownFiles.push({ file, sha256: sha256(content), reviews: rows.length });
  for (const r of rows) labelled.push({ ...r, weight: argv['data-weight'], own: true });
}
const dev = parseTsv(readFileSync(argv.dev, 'utf8'), argv.dev);

const vectors = labelled.map((x) => zhFeatures(x.text, featureOptions));
const fitOptions = { epochs: argv.epochs, learningRate: argv.lr, l2: argv.l2, seed: 18 };

function train(indices: readonly number[]): ZhPolarityWeights {
  const counts = new Map<string, number>();
  for (const i of indices) for (const f of vectors[i]!.keys()) counts.set(f, (counts.get(f) ?? 0) + 1);
  const items: ZhTrainingItem[] = indices.map((i) => ({
    features: new Map([...vectors[i]!].filter(([f]) => (counts.get(f) ?? 0) >= argv['min-count'])),
    positive: labelled[i]!.positive,
    weight: labelled[i]!.weight,
  }));
  const fit = fitZhPolarity(items, { ...fitOptions, random: seededRandom(fitOptions.seed) });
  const weights: Record<string, number> = {};
  for (const f of [...fit.weights.keys()].sort()) {
    const w = Math.round(fit.weights.get(f)! * 1000) / 1000;
    if (Math.abs(w) >= argv.prune) weights[f] = w;
  }
  return {
    version: '',
    features: featureOptions,
    bias: Math.round(fit.bias * 1000) / 1000,
    weights,
    trainedOn: {},
  };
}

const accuracy = (model: ZhPolarityModel, rows: ReadonlyArray<{ text: string; positive: boolean }>): number =>
  Math.round((rows.filter((r) => model.logit(r.text) > 0 === r.positive).length / rows.length) * 1000) / 1000;

let crossValidation: Record<string, number> | undefined;
if (argv.cv > 1) {
  // Folds by position modulo k: every fold holds corpus and own reviews alike.
  let right = 0;
  let ownRight = 0;
  let ownTotal = 0;
  for (let k = 0; k < argv.cv; k++) {
    const inFold = (i: number): boolean => i % argv.cv === k;
    const model = new ZhPolarityModel(train(labelled.map((_, i) => i).filter((i) => !inFold(i))));
    labelled.forEach((x, i) => {
      if (!inFold(i)) return;
      const ok = model.logitOf(vectors[i]!) > 0 === x.positive;
      if (ok) right += 1;
      if (x.own) {
        ownTotal += 1;
        if (ok) ownRight += 1;
      }
    });
  }
  crossValidation = {
    folds: argv.cv,
    accuracy: Math.round((right / labelled.length) * 1000) / 1000,
    own_accuracy: Math.round((ownRight / Math.max(1, ownTotal)) * 1000) / 1000,
  };
}

const fitted = train(labelled.map((_, i) => i));
const devAccuracy = accuracy(new ZhPolarityModel(fitted), dev);
const model: ZhPolarityWeights = {
  ...fitted,
  version: `zh-logistic-g${featureOptions.maxGram}${featureOptions.words ? 'w' : ''}${featureOptions.negation ? 'n' : ''}-e${argv.epochs}-l2${argv.l2}-p${argv.prune}`,
  trainedOn: {
    data: ownFiles,
    data_weight: argv['data-weight'],
    corpora: sources,
    features: Object.keys(fitted.weights).length,
    options: { ...fitOptions, minCount: argv['min-count'], prune: argv.prune },
    dev: { file: argv.dev, accuracy: devAccuracy },
    ...(crossValidation ? { cross_validation: crossValidation } : {}),
  },
};
// Laid out as prettier lays out JSON, so the repository's format check passes on the file as written.
writeFileSync(argv.out, `${JSON.stringify(model, null, 2)}\n`);
console.error(JSON.stringify({ out: argv.out, version: model.version, ...model.trainedOn }));
