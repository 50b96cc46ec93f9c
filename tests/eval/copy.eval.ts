// `npm run eval -- copy <file.jsonl> [--channels web,marketplace] [--tone warm] [--locale en] [--show]`:
// (without --locale, each product's copy is asked for in the product's own language: en, de, zh)
// writes product copy with the local tier for every product and channel, and reports the rate of
// copy with an unsupported fact (by the faithfulness checker), the rate whose fields are valid by
// the output schema and the ProductCopy contract, and the rate within the channel's length limits;
// besides, two checks of the checker: the rate of copy with a digit the data never writes (found
// without the checker) and how often it catches facts planted into the copy (Chinese facts into the
// copy of a Chinese product). A line may also carry `candidates`: copy written elsewhere (LLM-like),
// each labelled `faithful` or not; then the checker's verdicts on them are scored too.

import { readFileSync } from 'node:fs';
import { create } from '@bufbuild/protobuf';
import { CopyChannel, encodeMessage, ProductCopySchema } from '@shopmind/contracts';
import yargs from 'yargs';
import {
  copyProductOf,
  CHANNEL_LIMITS,
  COPY_CHANNELS,
  type CopyChannelName,
  copyTextSchema,
  lengthViolations,
  checkFaithfulness,
  CopyGeneration,
  type CopyRequest,
  type CopyText,
  type CopyProduct,
  writeLocalCopy,
} from '../../services/product-copy/src/tools.js';
import { LlmGateway } from '@shopmind/llm-gateway';
import { readProductUpserted } from './product-json.js';

const CHANNEL_ENUM: Record<CopyChannelName, CopyChannel> = {
  web: CopyChannel.WEB,
  marketplace: CopyChannel.MARKETPLACE,
  mobile_app: CopyChannel.MOBILE_APP,
  social: CopyChannel.SOCIAL,
  email: CopyChannel.EMAIL,
};

/** Facts planted into otherwise faithful copy, each skipped when the product's data has the word. */
const PLANTED: [string, string][] = [
  ['It weighs only 917 g.', '917'],
  ['Made of solid walnut.', 'walnut'],
  ['An award-winning design.', 'award'],
  ['Loved by seniors and toddlers alike.', 'toddler'],
  ['Fully waterproof.', 'waterproof'],
  ['Compatible with Nintendo Switch.', 'nintendo'],
];

/** The same kinds of facts, in Chinese, for Chinese products. */
const PLANTED_ZH: [string, string][] = [
  ['重917克。', '917'],
  ['采用实心胡桃木。', '胡桃木'],
  ['屡获殊荣的设计。', '殊荣'],
  ['老人和幼儿都爱玩。', '幼儿'],
  ['完全防水。', '防水'],
  ['兼容任天堂Switch。', 'switch'],
];

interface Candidate {
  faithful: boolean;
  /** What an unfaithful candidate invents: material, colour, number, claim, audience, compatibility. */
  invented?: string;
  copy: CopyText;
}

/**
 * A second opinion that does not use the service's checker: digits in the copy that the product's
 * data never writes (ages also as years). Coarse, but it keeps `unsupported_fact_rate` from being
 * graded only by the code it grades.
 */
function numbersNotInData(product: CopyProduct, copy: CopyText): string[] {
  const digits = (s: string): string[] =>
    [...s.matchAll(/\d+(?:[.,]\d+)?/g)].map((m) => String(Number(m[0].replace(',', '.'))));
  const data = new Set(
    digits(
      [
        product.title,
        product.brand,
        product.categoryPath.join(' '),
        product.description,
        ...Object.entries(product.attributes).flat(),
      ].join(' '),
    ),
  );
  for (const months of [product.ageMinMonths, product.ageMaxMonths]) {
    if (months === undefined) continue;
    data.add(String(months));
    data.add(String(Math.round((months / 12) * 100) / 100));
  }
  const text = [
    copy.title,
    copy.shortDescription,
    copy.longDescription,
    ...copy.bullets,
    copy.seoTitle,
    copy.metaDescription,
  ].join(' ');
  return digits(text).filter((n) => !data.has(n));
}

export async function main(args: string[]): Promise<void> {
  const argv = await yargs(args)
    .scriptName('eval copy')
    .command('$0 <file>', 'score locally generated product copy')
    .positional('file', { type: 'string', demandOption: true })
    .option('channels', { type: 'string', default: COPY_CHANNELS.join(',') })
    .option('tone', { type: 'string', default: 'warm' })
    .option('locale', {
      type: 'string',
      default: '',
      describe: "the copy's locale; empty: each product's own language",
    })
    .option('tier', {
      choices: ['local', 'gateway'] as const,
      default: 'local' as const,
      describe: 'local writer, or the LLM gateway from the environment',
    })
    .option('show', {
      type: 'boolean',
      default: false,
      describe: 'print each copy and its problems to stderr',
    })
    .strict()
    .parseAsync();
  const channels = String(argv.channels)
    .split(',')
    .filter((c): c is CopyChannelName => (COPY_CHANNELS as readonly string[]).includes(c));
  const lines = readFileSync(String(argv.file), 'utf8')
    .split('\n')
    .filter((l) => l.trim());
  let gateway: LlmGateway | undefined;
  let write = async (
    p: CopyProduct,
    r: CopyRequest,
    _eventId: string,
  ): Promise<{ copy: CopyText; language: string }> => writeLocalCopy(p, r);
  const tiers: Record<string, number> = {};
  if (argv.tier === 'gateway') {
    gateway = LlmGateway.fromEnv();
    await gateway.start();
    const generation = new CopyGeneration(gateway);
    write = async (p, r, eventId) => {
      const g = await generation.generate(p, r, { tenant: 'eval', eventId, canDefer: false });
      tiers[g.tier] = (tiers[g.tier] ?? 0) + 1;
      return { copy: g.copy, language: g.locale };
    };
  }
  let copies = 0;
  let unsupported = 0;
  let numbersOutsideData = 0;
  let schemaValid = 0;
  let lengthOk = 0;
  let planted = 0;
  let caught = 0;
  const candidates = { faithful: 0, faithfulPassed: 0, unfaithful: 0, unfaithfulCaught: 0 };
  for (const line of lines) {
    const parsed = JSON.parse(line) as { product: unknown; candidates?: Candidate[] };
    const event = readProductUpserted(parsed.product);
    if (!event.product) throw new Error('line without a product');
    const product = copyProductOf(event.product);
    for (const candidate of parsed.candidates ?? []) {
      const verdict = checkFaithfulness(product, candidate.copy);
      if (candidate.faithful) {
        candidates.faithful += 1;
        if (verdict.passed) candidates.faithfulPassed += 1;
      } else {
        candidates.unfaithful += 1;
        if (!verdict.passed) candidates.unfaithfulCaught += 1;
      }
      if (argv.show && verdict.passed !== candidate.faithful)
        console.error(
          `candidate of ${product.id} (${candidate.faithful ? 'faithful' : `invents ${candidate.invented}`}) ` +
            `${verdict.passed ? 'passed' : `failed: ${verdict.unsupportedFacts.join(', ')}`}: ${candidate.copy.longDescription}`,
        );
    }
    for (const channel of channels) {
      const { copy, language } = await write(
        product,
        { locale: argv.locale || product.language, tone: argv.tone, channel },
        `${event.envelope?.eventId}:${channel}`,
      );
      copies += 1;
      const check = checkFaithfulness(product, copy);
      if (!check.passed) unsupported += 1;
      const strayNumbers = numbersNotInData(product, copy);
      if (strayNumbers.length > 0) {
        numbersOutsideData += 1;
        if (argv.show) console.error(`numbers not in the data of ${product.id}: ${strayNumbers.join(', ')}`);
      }
      let valid = copyTextSchema.safeParse(copy).success;
      try {
        encodeMessage(
          ProductCopySchema,
          create(ProductCopySchema, {
            ...copy,
            locale: language,
            tone: argv.tone,
            channel: CHANNEL_ENUM[channel],
          }),
          'json',
        );
      } catch {
        valid = false;
      }
      if (valid) schemaValid += 1;
      const tooLong = lengthViolations(copy, CHANNEL_LIMITS[channel]);
      if (tooLong.length === 0) lengthOk += 1;
      const source =
        `${product.title} ${product.categoryPath.join(' ')} ${product.description} ${Object.entries(product.attributes).flat().join(' ')}`.toLowerCase();
      for (const [fact, word] of product.language === 'zh' ? PLANTED_ZH : PLANTED) {
        if (source.includes(word)) continue;
        planted += 1;
        if (
          !checkFaithfulness(product, { ...copy, longDescription: `${copy.longDescription} ${fact}` }).passed
        )
          caught += 1;
        else if (argv.show) console.error(`not caught in ${product.id}: ${fact}`);
      }
      if (argv.show)
        console.error(
          JSON.stringify(
            { product: product.id, channel, copy, unsupported: check.unsupportedFacts, tooLong },
            null,
            2,
          ),
        );
    }
  }
  await gateway?.close();
  if (gateway) console.error(`answered by: ${JSON.stringify(tiers)}`);
  const rate = (x: number): number => Math.round((x / Math.max(1, copies)) * 1000) / 1000;
  console.log(
    JSON.stringify({
      task: 'copy',
      n: lines.length,
      copies,
      unsupported_fact_rate: rate(unsupported),
      schema_valid_rate: rate(schemaValid),
      length_ok_rate: rate(lengthOk),
      number_outside_data_rate: rate(numbersOutsideData),
      checker_catch_rate: Math.round((caught / Math.max(1, planted)) * 1000) / 1000,
      ...(candidates.faithful + candidates.unfaithful > 0
        ? {
            candidates: candidates.faithful + candidates.unfaithful,
            candidate_accuracy:
              Math.round(
                ((candidates.faithfulPassed + candidates.unfaithfulCaught) /
                  (candidates.faithful + candidates.unfaithful)) *
                  1000,
              ) / 1000,
            faithful_pass_rate:
              Math.round((candidates.faithfulPassed / Math.max(1, candidates.faithful)) * 1000) / 1000,
            unfaithful_catch_rate:
              Math.round((candidates.unfaithfulCaught / Math.max(1, candidates.unfaithful)) * 1000) / 1000,
          }
        : {}),
    }),
  );
}
