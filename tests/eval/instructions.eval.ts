// `npm run eval -- instructions [file.tsv]`: scores the two instruction detectors — customer-service's
// (`scanForInstructions`, on support messages) and review-sentiment's (`isInstructionToModel`, a
// review's sentences) — on labelled lines, one `text<TAB>0/1` per line (1 = the line holds an
// instruction aimed at the assistant or the system). Each mistake goes to stderr with `--errors`;
// the last stdout line is {"task":"instructions","n","support":{precision,recall,f1},"review":{…}}.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import yargs from 'yargs';
import { scanForInstructions } from '../../services/customer-service/src/tools.js';
import { withoutInstructions, isInstructionToModel } from '../../services/review-sentiment/src/tools.js';

const DEFAULT_FILE = 'tests/eval/data/instructions-zh-dev.tsv';

interface Row {
  readonly text: string;
  readonly instruction: boolean;
}

function parseRows(tsv: string, file: string): Row[] {
  return tsv
    .split('\n')
    .map((line, i) => [line.trimEnd(), i + 1] as const)
    .filter(([line]) => line.length > 0)
    .map(([line, n]) => {
      const tab = line.lastIndexOf('\t');
      const label = line.slice(tab + 1);
      if (tab < 0 || (label !== '0' && label !== '1')) throw new Error(`${file}:${n}: expected text<TAB>0/1`);
      return { text: line.slice(0, tab), instruction: label === '1' };
    });
}

/** The review detector's verdict on a whole line: any sentence of it is an instruction. */
function reviewFlags(text: string): boolean {
  return /\p{Script=Han}/u.test(text) ? withoutInstructions(text) !== text : isInstructionToModel(text);
}

function figures(rows: readonly Row[], flagged: readonly boolean[]) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  rows.forEach((r, i) => {
    if (flagged[i] && r.instruction) tp++;
    else if (flagged[i]) fp++;
    else if (r.instruction) fn++;
  });
  const round = (x: number) => Math.round(x * 10000) / 10000;
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision: round(precision), recall: round(recall), f1: round(f1) };
}

export async function main(args: string[]): Promise<void> {
  const argv = await yargs(args)
    .scriptName('eval instructions')
    .command('$0 [file]', 'score the instruction detectors on text<TAB>0/1 lines')
    .positional('file', { type: 'string', default: DEFAULT_FILE, describe: 'TSV file of labelled lines' })
    .option('errors', { type: 'boolean', default: false, describe: 'print each mistake to stderr' })
    .strict()
    .parseAsync();
  // npm runs scripts from the repository root; resolve a relative path from where the user typed it.
  const file = resolve(process.env.INIT_CWD ?? process.cwd(), String(argv.file));
  const rows = parseRows(readFileSync(file, 'utf8'), file);
  const support = rows.map((r) => scanForInstructions(r.text).detected);
  const review = rows.map((r) => reviewFlags(r.text));
  if (argv.errors) {
    rows.forEach((r, i) => {
      for (const [name, flagged] of [
        ['support', support[i]],
        ['review', review[i]],
      ] as const) {
        if (flagged !== r.instruction)
          console.error(`${name} gold ${r.instruction ? 1 : 0}  got ${flagged ? 1 : 0}  ${r.text}`);
      }
    });
  }
  console.error(
    `${file}: ${rows.length} lines, ${rows.filter((r) => r.instruction).length} with an instruction`,
  );
  console.log(
    JSON.stringify({
      task: 'instructions',
      n: rows.length,
      support: figures(rows, support),
      review: figures(rows, review),
    }),
  );
}
