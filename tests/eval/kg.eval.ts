// `npm run eval -- kg <file.jsonl> [--errors]`: scores the knowledge graph's local extractor on
// hand-labelled products. Each line: {"product": <product upserted, proto3 JSON>, "triples":
// [[productId, relation, object], ...]}. Only product facts count (not review or derived
// relations); objects are compared after normalisation (case, whitespace, singular), ages as
// numbers of years. Micro-averaged precision, recall and F1; the last line is the JSON figures.

import { readFileSync } from 'node:fs';
import yargs from 'yargs';
import { LocalGraphExtractor } from '../../services/knowledge-graph/src/domain/local-graph-extractor.js';
import { isProductRelation } from '../../services/knowledge-graph/src/domain/ontology.js';
import { normalisePhrase } from '../../services/knowledge-graph/src/domain/text-normalisation.js';
import { productRecordOf } from '../../services/knowledge-graph/src/domain/product-record.js';
import { readProductUpserted } from './product-json.js';

interface KgLine {
  product: unknown;
  triples: [string, string, string | number][];
}

function factKey(subject: string, relation: string, object: string | number): string {
  const value = typeof object === 'number' || /^\d+(\.\d+)?$/.test(String(object)) ? String(Number(object)) : normalisePhrase(String(object));
  return `${normalisePhrase(subject)}|${relation}|${value}`;
}

export async function main(args: string[]): Promise<void> {
  const argv = await yargs(args)
    .scriptName('eval kg')
    .command('$0 <file>', 'score the local KG extractor')
    .positional('file', { type: 'string', demandOption: true })
    .option('errors', { type: 'boolean', default: false, describe: 'print missed and spurious facts to stderr' })
    .strict()
    .parseAsync();
  const lines = readFileSync(String(argv.file), 'utf8').split('\n').filter((l) => l.trim());
  const extractor = new LocalGraphExtractor();
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const line of lines) {
    const item = JSON.parse(line) as KgLine;
    const event = readProductUpserted(item.product);
    const product = productRecordOf(event.product!);
    const gold = new Set(item.triples.filter(([, r]) => isProductRelation(r)).map(([s, r, o]) => factKey(s, r, o)));
    const predicted = new Set(
      extractor
        .extract(product, event.envelope?.eventId ?? '')
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
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  console.log(JSON.stringify({ task: 'kg', n: lines.length, precision: round(precision), recall: round(recall), f1: round(f1) }));
}
