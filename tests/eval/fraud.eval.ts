// `npm run eval -- fraud <file.jsonl> [--redis <url>]`: order placed events (proto3 JSON) with an extra
// "label": 0|1, in time order. Each is scored as the live service would, with a fresh feature store
// (in memory by default; Redis when --redis is given) replaying the stream in order. Precision and
// recall are at the review threshold (decision review or decline). Last line:
// {"task":"fraud","n","roc_auc","pr_auc","precision","recall"}
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import yargs from 'yargs';
import {
  FraudScorer,
  RiskModel,
  parseRuleSet,
  parseLabelledLine,
  precisionRecall,
  prAuc,
  rocAuc,
  serviceAsset,
  type FeatureStore,
  FraudFeatureStore,
  IdentifierHasher,
  MemoryFeatureStore,
} from '../../services/fraud-detection/src/tools.js';

const round = (v: number): number => Math.round(v * 10_000) / 10_000;

export async function main(args: string[]): Promise<void> {
  const argv = await yargs(args)
    .usage('npm run eval -- fraud <file.jsonl> [--redis redis://...] [--rules file] [--model file]')
    .demandCommand(1)
    .option('redis', {
      type: 'string',
      describe: 'score against a Redis feature store (flushes nothing; uses a fresh tenant)',
    })
    .option('rules', { type: 'string' })
    .option('model', { type: 'string' })
    .strict()
    .parse();
  const file = String(argv._[0]);
  const rules = parseRuleSet(readFileSync(argv.rules ?? serviceAsset('rules/default.yaml'), 'utf8'));
  const model = RiskModel.fromJson(
    JSON.parse(readFileSync(argv.model ?? serviceAsset('model/weights.json'), 'utf8')),
  );
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .map((l, i) => [l, i + 1] as const)
    .filter(([l]) => l.trim())
    .map(([l, n]) => parseLabelledLine(l, n));

  let redis: Redis | undefined;
  let store: FeatureStore = new MemoryFeatureStore();
  if (argv.redis) {
    redis = new Redis(argv.redis);
    store = new FraudFeatureStore(redis, new IdentifierHasher('fraud-eval-secret-0123456789'));
    // A fresh tenant per run keeps earlier runs' counters out of this one.
    const tenant = `eval${Date.now().toString(36)}`;
    for (const r of rows) r.facts.tenant = tenant;
  }
  const scorer = new FraudScorer(store, () => rules, model);
  const scores: number[] = [];
  const flagged: boolean[] = [];
  const labels: number[] = [];
  const byPattern: Record<string, { n: number; flagged: number }> = {};
  for (const row of rows) {
    const { decision } = await scorer.score(row.facts, 'order');
    scores.push(decision.score);
    flagged.push(decision.decision !== 'approve');
    labels.push(row.label);
    const p = (byPattern[row.pattern || (row.label ? 'fraud' : 'legit')] ??= { n: 0, flagged: 0 });
    p.n++;
    if (decision.decision !== 'approve') p.flagged++;
  }
  await redis?.quit();
  console.error(
    JSON.stringify({ file, model: model.version, rules: rules.version, flagged_share_by_pattern: byPattern }),
  );
  const { precision, recall } = precisionRecall(flagged, labels);
  console.log(
    JSON.stringify({
      task: 'fraud',
      n: rows.length,
      roc_auc: round(rocAuc(scores, labels)),
      pr_auc: round(prAuc(scores, labels)),
      precision: round(precision),
      recall: round(recall),
    }),
  );
}
