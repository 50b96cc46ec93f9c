// `npm run eval -- intent [file.tsv]`: scores customer-service's local intent tier (instructions to
// the assistant cut out, then the learned classifier) on labelled messages, one `text<TAB>intent`
// per line, in any local language (each message goes to its language's model). Each mistake and the per-intent F1 go to stderr; the last stdout line is
// {"task":"intent","n","accuracy","macro_f1"} (macro F1 over every intent in the gold labels or the
// predictions).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import yargs from 'yargs';
import {
  intentFigures,
  parseIntentTsv,
  perIntentF1,
  classifySupportMessage,
  IntentClassifiers,
  loadIntentClassifier,
  loadIntentClassifiers,
} from '../../services/customer-service/src/tools.js';

const DEFAULT_FILE = 'tests/eval/data/intent-dev.tsv';

export async function main(args: string[]): Promise<void> {
  const argv = await yargs(args)
    .scriptName('eval intent')
    .command('$0 [file]', 'score the local support intent classifier on text<TAB>intent lines')
    .positional('file', { type: 'string', default: DEFAULT_FILE, describe: 'TSV file of labelled messages' })
    .option('model', {
      type: 'string',
      describe:
        'model JSON for its language (default: the shipped services/customer-service/model/support-intent*.json, one per language)',
    })
    .strict()
    .parseAsync();
  // npm runs scripts from the repository root; resolve a relative path from where the user typed it.
  const file = resolve(process.env.INIT_CWD ?? process.cwd(), String(argv.file));
  const rows = parseIntentTsv(readFileSync(file, 'utf8'), file);
  const classifier = argv.model
    ? new IntentClassifiers([
        loadIntentClassifier(resolve(process.env.INIT_CWD ?? process.cwd(), argv.model)),
      ])
    : loadIntentClassifiers();
  const predicted = rows.map((row) => {
    const p = classifySupportMessage(classifier, row.text);
    if (p.intent !== row.intent) {
      console.error(`gold ${row.intent}  got ${p.intent} (${p.confidence.toFixed(2)})  ${row.text}`);
    }
    return p.intent;
  });
  const gold = rows.map((r) => r.intent);
  const f1 = perIntentF1(gold, predicted);
  console.error(`${file}: ${rows.length} messages, model ${classifier.version}`);
  for (const [intent, value] of f1) console.error(`  ${intent.padEnd(18)} F1 ${value.toFixed(3)}`);
  console.log(JSON.stringify(intentFigures(gold, predicted)));
}
