// `npm run eval -- polarity [file.tsv] [--errors]`: scores how review-sentiment's local tier, run as
// the service runs it (the task's local implementation, then the stars where the text is balanced),
// tells mixed reviews from one-sided ones, on `text<TAB>stars<TAB>positive|negative|mixed` lines. A
// neutral answer counts as wrong. The last stdout line is
// {"task":"polarity","n","accuracy","macro_f1","mixed_precision","mixed_recall"}.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import yargs from 'yargs';
import {
  parsePolarityTsv,
  polarityFigures,
  withRatingEvidence,
  reviewSentimentTask,
} from '../../services/review-sentiment/src/tools.js';
import { InputError } from './input-error.js';

const DEFAULT_FILE = 'tests/eval/data/polarity-mixed-dev.tsv';

export async function main(args: string[]): Promise<void> {
  const argv = await yargs(args)
    .scriptName('eval polarity')
    .command('$0 [file]', 'score mixed / positive / negative on text<TAB>stars<TAB>label lines')
    .positional('file', { type: 'string', default: DEFAULT_FILE, describe: 'TSV file of labelled reviews' })
    .option('errors', {
      type: 'boolean',
      default: false,
      describe: 'print the reviews read wrongly to stderr',
    })
    .strict()
    .parseAsync();
  // npm runs scripts from the repository root; resolve a relative path from where the user typed it.
  const file = resolve(process.env.INIT_CWD ?? process.cwd(), String(argv.file));
  const content = readFileSync(file, 'utf8');
  let rows;
  try {
    rows = parsePolarityTsv(content, file);
  } catch (err) {
    throw new InputError((err as Error).message);
  }
  const predicted: string[] = [];
  for (const row of rows) {
    const local = reviewSentimentTask.output.parse(
      await reviewSentimentTask.local({ body: row.text, rating: row.stars }),
    );
    const { polarity, score } = withRatingEvidence(local, row.stars);
    if (argv.errors && polarity !== row.label)
      console.error(`gold ${row.label} got ${polarity} (${score.toFixed(3)}, ${row.stars}★)  ${row.text}`);
    predicted.push(polarity);
  }
  const figures = polarityFigures(
    rows.map((r) => r.label),
    predicted,
  );
  console.error(`${file}: ${figures.n} reviews`);
  console.log(JSON.stringify(figures));
}
