// `npm run eval -- sentiment [file.tsv] [--errors]`: scores the review-sentiment embedded model on
// labelled sentences, one `text<TAB>label` per line (0 negative, 1 positive). The prediction is the
// analyser's polarity, a mixed (or neutral) one by the sign of its score: 1 when the score is above 0.
// A first line whose label is not 0/1 is taken as a header.
// Per-class figures go to stderr; the last stdout line is the JSON summary.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import yargs from 'yargs';
import { ReviewAnalyser, type ReviewAnalysis } from '../../services/review-sentiment/src/tools.js';

export interface LabelledSentence {
  readonly text: string;
  readonly label: 0 | 1;
}

export interface SentimentFigures {
  task: 'sentiment';
  n: number;
  accuracy: number;
  macro_f1: number;
  precision_pos: number;
  recall_pos: number;
  precision_neg: number;
  recall_neg: number;
}

const DEFAULT_FILE = 'tests/eval/data/sentiment-dev.tsv';

export function parseLabelledTsv(content: string): LabelledSentence[] {
  const rows: LabelledSentence[] = [];
  content.split(/\r?\n/).forEach((line, index) => {
    if (!line.trim()) return;
    const tab = line.lastIndexOf('\t');
    const label = tab < 0 ? '' : line.slice(tab + 1).trim();
    if (label !== '0' && label !== '1') {
      if (index === 0) return; // header line
      throw new Error(`line ${index + 1}: expected "text<TAB>0|1", got ${JSON.stringify(line.slice(0, 80))}`);
    }
    rows.push({ text: line.slice(0, tab), label: label === '1' ? 1 : 0 });
  });
  return rows;
}

/** The binary label of an analysis: positive 1, negative 0, mixed or neutral by the sign of the score. */
export function binaryLabelOf(analysis: Pick<ReviewAnalysis, 'polarity' | 'score'>): 0 | 1 {
  if (analysis.polarity === 'positive') return 1;
  if (analysis.polarity === 'negative') return 0;
  return analysis.score > 0 ? 1 : 0;
}

export function figuresOf(gold: readonly (0 | 1)[], predicted: readonly (0 | 1)[]): SentimentFigures {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  gold.forEach((g, i) => {
    const p = predicted[i];
    if (p === 1 && g === 1) tp += 1;
    else if (p === 1) fp += 1;
    else if (g === 0) tn += 1;
    else fn += 1;
  });
  const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
  const f1 = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
  const precisionPos = ratio(tp, tp + fp);
  const recallPos = ratio(tp, tp + fn);
  const precisionNeg = ratio(tn, tn + fn);
  const recallNeg = ratio(tn, tn + fp);
  const r4 = (x: number): number => Math.round(x * 10000) / 10000;
  return {
    task: 'sentiment',
    n: gold.length,
    accuracy: r4(ratio(tp + tn, gold.length)),
    macro_f1: r4((f1(precisionPos, recallPos) + f1(precisionNeg, recallNeg)) / 2),
    precision_pos: r4(precisionPos),
    recall_pos: r4(recallPos),
    precision_neg: r4(precisionNeg),
    recall_neg: r4(recallNeg),
  };
}

export async function main(args: string[]): Promise<void> {
  const argv = await yargs(args)
    .scriptName('eval sentiment')
    .command('$0 [file]', 'score the embedded review sentiment model on text<TAB>label lines')
    .positional('file', {
      type: 'string',
      default: DEFAULT_FILE,
      describe: 'TSV file (0 negative, 1 positive)',
    })
    .option('errors', {
      type: 'boolean',
      default: false,
      describe: 'print misclassified sentences to stderr',
    })
    .strict()
    .parseAsync();
  // npm runs scripts from the repository root; resolve a relative path from where the user typed it.
  const file = resolve(process.env.INIT_CWD ?? process.cwd(), String(argv.file));
  const rows = parseLabelledTsv(readFileSync(file, 'utf8'));
  const analyser = new ReviewAnalyser();
  const predicted = rows.map((row) => {
    const analysis = analyser.analyse({ body: row.text });
    const label = binaryLabelOf(analysis);
    if (argv.errors && label !== row.label)
      console.error(`gold ${row.label} ${analysis.polarity} score ${analysis.score.toFixed(3)}  ${row.text}`);
    return label;
  });
  const figures = figuresOf(
    rows.map((r) => r.label),
    predicted,
  );
  console.error(`${file}: ${figures.n} sentences`);
  console.error(
    `  positive  precision ${figures.precision_pos.toFixed(3)}  recall ${figures.recall_pos.toFixed(3)}`,
  );
  console.error(
    `  negative  precision ${figures.precision_neg.toFixed(3)}  recall ${figures.recall_neg.toFixed(3)}`,
  );
  console.error(`  accuracy ${figures.accuracy.toFixed(3)}  macro-F1 ${figures.macro_f1.toFixed(3)}`);
  console.log(JSON.stringify(figures));
}
