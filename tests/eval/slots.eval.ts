// `npm run eval -- slots <file.jsonl> [--tier local|gateway] [--quiet]`: scores the shopping guide's
// slot extraction. Each line: {"text": "...", "expected": <GuideProfile proto3 JSON of every slot the
// text states>}. The prediction is the task's answer converted to GuideProfile and written as
// proto3 JSON; see slot-metrics.ts for how it is compared. Mistakes go to stderr line by line; the
// last line of stdout is the JSON figures. The default tier runs the task's local implementation
// directly (the function the gateway's local tier calls); `--tier gateway` runs the task through
// the gateway configured from the environment, falling back to local as the service does.
// There is no tenant here: an amount without a currency is in EUR, or CNY for a line with CJK text.
import { readFileSync } from 'node:fs';
import { toJson } from '@bufbuild/protobuf';
import yargs from 'yargs';
import { GuideProfileSchema } from '@shopmind/contracts';
import { LlmGateway } from '@shopmind/llm-gateway';
import {
  guideProfileMessage,
  guideSlotsTask,
  slotsOf,
  type GuideSlotsOutput,
  hasCjk,
} from '../../services/recommendation/src/tools.js';
import { figures, scoreLine, type SlotJson } from './slot-metrics.js';

interface SlotLine {
  text: string;
  expected: SlotJson;
}

export async function main(args: string[]): Promise<void> {
  const argv = await yargs(args)
    .scriptName('eval slots')
    .command('$0 <file>', 'score the guide slot extraction')
    .positional('file', { type: 'string', demandOption: true })
    .option('tier', {
      choices: ['local', 'gateway'] as const,
      default: 'local' as const,
      describe: 'the local extractor, or the LLM gateway from the environment',
    })
    .option('quiet', { type: 'boolean', default: false, describe: 'do not list mistakes on stderr' })
    .strict()
    .parseAsync();
  const lines = readFileSync(String(argv.file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as SlotLine);
  const task = guideSlotsTask();
  let gateway: LlmGateway | undefined;
  const tiers: Record<string, number> = {};
  let extract = async (text: string, defaultCurrency: string): Promise<GuideSlotsOutput> =>
    task.local({ text, defaultCurrency });
  if (argv.tier === 'gateway') {
    gateway = LlmGateway.fromEnv();
    await gateway.start();
    const g = gateway;
    extract = async (text, defaultCurrency) => {
      const r = await g.run(task, { text, defaultCurrency }, { tenant: 'eval' });
      const key = `${r.source.tier}${r.source.degraded ? `:${r.source.degraded}` : ''}`;
      tiers[key] = (tiers[key] ?? 0) + 1;
      return r.output;
    };
  }
  const scores = [];
  for (const [i, line] of lines.entries()) {
    const output = await extract(line.text, hasCjk(line.text) ? 'CNY' : 'EUR');
    const predicted = toJson(GuideProfileSchema, guideProfileMessage(slotsOf(output))) as SlotJson;
    const score = scoreLine(line.expected, predicted);
    scores.push(score);
    if (!argv.quiet && score.mistakes.length > 0)
      console.error(`line ${i + 1}: ${JSON.stringify(line.text)}\n  ${score.mistakes.join('\n  ')}`);
  }
  await gateway?.close();
  if (gateway) console.error(`answered by: ${JSON.stringify(tiers)}`);
  console.log(JSON.stringify(figures(scores)));
}
