// `npm run eval -- kg <file.jsonl> [--errors]`: scores the knowledge graph's local extractor on
// hand-labelled products. Each line: {"product": <product upserted, proto3 JSON>, "triples":
// [[productId, relation, object], ...]}. Only product facts count (not review or derived
// relations); objects are compared after normalisation (case, whitespace, singular), ages as
// numbers of years. Micro-averaged precision, recall and F1; the last line is the JSON figures.
// `--tier gateway` scores the service's own path instead: the LLM task through the gateway
// configured from the environment (LLM_PROVIDERS / OPENAI_API_KEY), constrained to the ontology,
// falling back to the local extractor like the service does.

import { readFileSync } from 'node:fs';
import yargs from 'yargs';
import type { EventContext } from '@shopmind/bus';
import { LlmGateway } from '@shopmind/llm-gateway';
import {
  EntityResolver,
  LocalGraphExtractor,
  type ProductRecord,
  type Triple,
  GraphExtraction,
  isProductRelation,
  normalisePhrase,
  productRecordOf,
} from '../../services/knowledge-graph/src/tools.js';
import { readProductUpserted } from './product-json.js';

interface KgLine {
  product: unknown;
  triples: [string, string, string | number][];
}

function factKey(subject: string, relation: string, object: string | number): string {
  const value =
    typeof object === 'number' || /^\d+(\.\d+)?$/.test(String(object))
      ? String(Number(object))
      : normalisePhrase(String(object));
  return `${normalisePhrase(subject)}|${relation}|${value}`;
}

export async function main(args: string[]): Promise<void> {
  const argv = await yargs(args)
    .scriptName('eval kg')
    .command('$0 <file>', 'score the local KG extractor')
    .positional('file', { type: 'string', demandOption: true })
    .option('errors', {
      type: 'boolean',
      default: false,
      describe: 'print missed and spurious facts to stderr',
    })
    .option('tier', {
      choices: ['local', 'gateway'] as const,
      default: 'local' as const,
      describe: 'local extractor, or the LLM gateway from the environment',
    })
    .strict()
    .parseAsync();
  const lines = readFileSync(String(argv.file), 'utf8')
    .split('\n')
    .filter((l) => l.trim());
  const extractor = new LocalGraphExtractor();
  let gateway: LlmGateway | undefined;
  let extract = async (p: ProductRecord, eventId: string): Promise<Triple[]> => extractor.extract(p, eventId);
  const tiers: Record<string, number> = {};
  if (argv.tier === 'gateway') {
    gateway = LlmGateway.fromEnv();
    await gateway.start();
    const extraction = new GraphExtraction(gateway, new EntityResolver());
    extract = async (p, eventId) => {
      // The evaluation is one event per product; no bus is involved, so nothing can be deferred.
      const ctx: EventContext = {
        subject: '',
        tenant: 'eval',
        eventId,
        correlationId: eventId,
        deliveryCount: 1,
        maxDeliver: 1,
        streamSeq: 0,
        consumer: 'eval',
        headers: {},
        canDefer: false,
        working: () => undefined,
      };
      const result = await extraction.extract(p, ctx);
      const key = `${result.tier}${result.source.degradedReason ? `:${result.source.degradedReason}` : ''}`;
      tiers[key] = (tiers[key] ?? 0) + 1;
      return result.triples;
    };
  }
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const line of lines) {
    const item = JSON.parse(line) as KgLine;
    const event = readProductUpserted(item.product);
    const product = productRecordOf(event.product!);
    const gold = new Set(
      item.triples.filter(([, r]) => isProductRelation(r)).map(([s, r, o]) => factKey(s, r, o)),
    );
    const predicted = new Set(
      (await extract(product, event.envelope?.eventId ?? ''))
        .filter((t) => isProductRelation(t.relation))
        .map((t) => factKey(t.subject, t.relation, t.object)),
    );
    const hits = [...predicted].filter((k) => gold.has(k)).length;
    tp += hits;
    fp += predicted.size - hits;
    fn += gold.size - hits;
    if (argv.errors) {
      for (const k of gold) if (!predicted.has(k)) console.error(`missed   ${k}`);
      for (const k of predicted) if (!gold.has(k)) console.error(`spurious ${k}`);
    }
  }
  await gateway?.close();
  if (gateway) console.error(`answered by: ${JSON.stringify(tiers)}`);
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  console.log(
    JSON.stringify({
      task: 'kg',
      n: lines.length,
      precision: round(precision),
      recall: round(recall),
      f1: round(f1),
    }),
  );
}
