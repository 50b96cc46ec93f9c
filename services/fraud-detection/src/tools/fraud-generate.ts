// Writes a labelled synthetic order stream (see fraud-stream.ts for the patterns):
//   npm run build && node dist/services/fraud-detection/src/tools/fraud-generate.js --profile baseline --seed 1 --out <file.jsonl>
//   [--days 10 --customers 400 --campaigns-per-day 1.2]   (the committed dev file: tests/eval/data/fraud-dev.jsonl)
import { writeFileSync } from 'node:fs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { PROFILES, generateStream } from './fraud-stream.js';

const argv = await yargs(hideBin(process.argv))
  .option('profile', { choices: Object.keys(PROFILES), default: 'baseline' })
  .option('seed', { type: 'number', default: 1 })
  .option('days', { type: 'number' })
  .option('customers', { type: 'number' })
  .option('campaigns-per-day', { type: 'number' })
  .option('out', { type: 'string', demandOption: true })
  .strict()
  .parse();

const base = PROFILES[argv.profile];
const profile = {
  ...base,
  days: argv.days ?? base.days,
  customers: argv.customers ?? base.customers,
  campaignsPerDay: argv.campaignsPerDay ?? base.campaignsPerDay,
};
const rows = generateStream(profile, argv.seed);
writeFileSync(
  argv.out,
  rows.map((r) => JSON.stringify({ ...r.json, label: r.label, pattern: r.pattern })).join('\n') + '\n',
);
const counts: Record<string, number> = {};
for (const r of rows) counts[r.pattern] = (counts[r.pattern] ?? 0) + 1;
console.error(
  JSON.stringify({
    out: argv.out,
    profile: profile.name,
    seed: argv.seed,
    orders: rows.length,
    by_pattern: counts,
  }),
);
