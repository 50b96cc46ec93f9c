// `npm run eval -- aspects [file.tsv] [--errors]`: scores the aspects review-sentiment's local tier
// reports, run as the service runs it (the task's local implementation, its output checked against
// the task's schema), on `text<TAB>aspect<TAB>positive|negative` lines; the lines with the same text
// form one item. Per-aspect figures go to stdout above the last line,
// {"task":"aspects","n","precision","recall","f1"}; with --errors, each item the model got wrong
// goes to stderr.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import yargs from 'yargs';
import {
  aspectScores,
  parseAspectTsv,
  type AspectPair,
  ASPECTS,
  ReviewAnalyser,
  type AspectModelWeights,
  reviewSentimentTask,
} from '../../services/review-sentiment/src/tools.js';
import { InputError } from './input-error.js';

const DEFAULT_FILE = 'tests/eval/data/aspects-dev.tsv';

/**
 * The (aspect, polarity) pairs the service's local tier reports for a review text; with other
 * aspect weights (development only), the same analyser with those weights instead.
 */
export async function predictedAspects(text: string, analyser?: ReviewAnalyser): Promise<AspectPair[]> {
  const local = analyser ? analyser.analyse({ body: text }) : await reviewSentimentTask.local({ body: text });
  const output = reviewSentimentTask.output.parse(local);
  return output.aspects.map((a) => ({ aspect: a.aspect, polarity: a.polarity }));
}

const pairs = (list: readonly AspectPair[]): string =>
  list.map((p) => `${p.aspect}:${p.polarity}`).join(' ') || '-';

export async function main(args: string[]): Promise<void> {
  const argv = await yargs(args)
    .scriptName('eval aspects')
    .command(
      '$0 [file]',
      'score the aspects of the local review analyser on text<TAB>aspect<TAB>polarity lines',
    )
    .positional('file', {
      type: 'string',
      default: DEFAULT_FILE,
      describe: 'TSV file of labelled aspect mentions',
    })
    .option('errors', {
      type: 'boolean',
      default: false,
      describe: 'print the items with a wrong or missing pair to stderr',
    })
    .option('weights', {
      type: 'string',
      describe:
        'aspect weights as JSON from services/review-sentiment/src/tools/review-aspects-train.ts --out x.json (default: the shipped ones)',
    })
    .strict()
    .parseAsync();
  // npm runs scripts from the repository root; resolve a relative path from where the user typed it.
  const file = resolve(process.env.INIT_CWD ?? process.cwd(), String(argv.file));
  const content = readFileSync(file, 'utf8');
  let items;
  try {
    items = parseAspectTsv(content, new Set(ASPECTS.map((a) => a.name)), file);
  } catch (err) {
    throw new InputError((err as Error).message);
  }
  const analyser = argv.weights
    ? new ReviewAnalyser({
        aspectWeights: JSON.parse(
          readFileSync(resolve(process.env.INIT_CWD ?? process.cwd(), argv.weights), 'utf8'),
        ) as AspectModelWeights,
      })
    : undefined;
  const scored = [];
  for (const item of items) {
    const predicted = await predictedAspects(item.text, analyser);
    if (argv.errors) {
      const gold = new Set(item.gold.map((p) => `${p.aspect}:${p.polarity}`));
      const got = new Set(predicted.map((p) => `${p.aspect}:${p.polarity}`));
      if (gold.size !== got.size || [...gold].some((g) => !got.has(g)))
        console.error(`gold ${pairs(item.gold)}  got ${pairs(predicted)}  ${item.text}`);
    }
    scored.push({ gold: item.gold, predicted });
  }
  const { figures, perAspect } = aspectScores(scored);
  console.log(`${file}: ${figures.n} reviews`);
  for (const [aspect, c] of perAspect) {
    console.log(
      `  ${aspect.padEnd(22)} gold ${String(c.gold).padStart(3)}  predicted ${String(c.predicted).padStart(3)}  tp ${String(c.tp).padStart(3)}  precision ${c.precision.toFixed(3)}  recall ${c.recall.toFixed(3)}  f1 ${c.f1.toFixed(3)}`,
    );
  }
  console.log(JSON.stringify(figures));
}
