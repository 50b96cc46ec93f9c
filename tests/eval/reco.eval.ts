// `npm run eval -- reco <replay.jsonl>`: runs the recommendation service on real NATS and Redis,
// publishes the replay's lines in file order, and just before each user's held-out order (see
// reco-replay.ts) — once every consumer has acknowledged all earlier lines — asks top_k {userId, k: 10}
// and scores it beside the popularity and co-occurrence baselines at the same moment. Last line:
// {"task":"reco","n","hr10","ndcg10","pop_hr10","pop_ndcg10","cooc_hr10","cooc_ndcg10"}
import { readFileSync } from 'node:fs';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import {
  consumerName,
  decodeMessage,
  encodeMessage,
  Events,
  Queries,
  TopKReplySchema,
  TopKRequestSchema,
  type EventDefinition,
} from '@shopmind/contracts';
import { aTopKRequest, expectConsumerIdle, publishEvent } from '@shopmind/testing';
import yargs from 'yargs';
import { loadConfig } from '../../services/recommendation/src/config.js';
import { recommendation } from '../../services/recommendation/src/tools.js';
import {
  heldOutOrders,
  hitAt,
  ndcgAt,
  parseReplay,
  ReplayBaselines,
  type ReplayEvent,
} from './reco-replay.js';
import { startEvalRig } from './eval-rig.js';

const K = 10;
/** The subjects the service consumes: the ones whose consumers must have caught up before asking. */
const CONSUMED: EventDefinition[] = [
  Events.productUpserted,
  Events.productDeleted,
  Events.userInteracted,
  Events.orderPlaced,
];
const round = (v: number): number => Math.round(v * 10_000) / 10_000;

export async function main(args: string[]): Promise<void> {
  const argv = await yargs(args)
    .usage('npm run eval -- reco <replay.jsonl> [--details]')
    .demandCommand(1)
    .option('details', {
      type: 'boolean',
      describe: 'one line per asked user on stderr: the relevant products and the three lists',
    })
    .strict()
    .parse();
  const file = String(argv._[0]);
  const events = parseReplay(readFileSync(file, 'utf8'));
  const heldOut = new Map(heldOutOrders(events).map((h) => [h.index, h]));

  const rig = await startEvalRig('recoeval', recommendation, loadConfig);
  const { prefix, nc, js, jsm } = rig;
  // Tenants get a run suffix so a shared Redis (NATS_URL/REDIS_URL from the environment) keeps
  // earlier runs' models out of this one.
  const run = Date.now().toString(36);
  const tenantOf = (t: string) => `${t.slice(0, 50)}-${run}`;
  const lastSeq = new Map<EventDefinition, number>();

  const baselines = new ReplayBaselines();
  const sums = { hr10: 0, ndcg10: 0, pop_hr10: 0, pop_ndcg10: 0, cooc_hr10: 0, cooc_ndcg10: 0 };
  const started = Date.now();
  try {
    for (const [index, e] of events.entries()) {
      const held = heldOut.get(index);
      if (held) {
        await caughtUp(jsm, rig.service, prefix, lastSeq);
        const served = await askTopK(nc, prefix, tenantOf(held.tenant), held.userId);
        const pop = baselines.popularity(held.tenant, held.userId, K);
        const cooc = baselines.coOccurrence(held.tenant, held.userId, K);
        sums.hr10 += hitAt(served, held.relevant, K);
        sums.ndcg10 += ndcgAt(served, held.relevant, K);
        sums.pop_hr10 += hitAt(pop, held.relevant, K);
        sums.pop_ndcg10 += ndcgAt(pop, held.relevant, K);
        sums.cooc_hr10 += hitAt(cooc, held.relevant, K);
        sums.cooc_ndcg10 += ndcgAt(cooc, held.relevant, K);
        if (argv.details)
          console.error(JSON.stringify({ user: held.userId, relevant: held.relevant, served, pop, cooc }));
      }
      await publish(js, e, prefix, tenantOf(e.tenant), lastSeq);
      baselines.observe(e);
    }
  } finally {
    await rig.close();
  }
  const n = heldOut.size;
  console.error(JSON.stringify({ file, lines: events.length, seconds: (Date.now() - started) / 1000 }));
  console.log(
    JSON.stringify({
      task: 'reco',
      n,
      ...Object.fromEntries(Object.entries(sums).map(([key, sum]) => [key, n ? round(sum / n) : 0])),
    }),
  );
}

async function publish(
  js: JetStreamClient,
  e: ReplayEvent,
  prefix: string,
  tenant: string,
  lastSeq: Map<EventDefinition, number>,
): Promise<void> {
  const message = e.message as { envelope?: { tenantId: string } };
  if (message.envelope) message.envelope.tenantId = tenant;
  const { seq } = await publishEvent(js, e.definition, e.message, { prefix, tenant });
  lastSeq.set(e.definition, seq);
}

/** Every consumer of the service has delivered and acknowledged all that was published to it. */
async function caughtUp(
  jsm: JetStreamManager,
  service: string,
  prefix: string,
  lastSeq: Map<EventDefinition, number>,
): Promise<void> {
  for (const def of CONSUMED) {
    const streamSeq = lastSeq.get(def);
    if (streamSeq === undefined) continue;
    await expectConsumerIdle(jsm, def.stream, consumerName(service, def), {
      prefix,
      streamSeq,
      intervalMs: 2,
      timeoutMs: 30_000,
    });
  }
}

async function askTopK(
  nc: NatsConnection,
  prefix: string,
  tenant: string,
  userId: string,
): Promise<string[]> {
  const payload = encodeMessage(
    TopKRequestSchema,
    aTopKRequest({ meta: { tenantId: tenant }, seed: { case: 'userId', value: userId }, k: K }),
    'json',
  );
  const h = headers();
  h.set('content-type', payload.contentType);
  const msg = await nc.request(`${prefix}.${Queries.recommendTopK.subject(tenant)}`, payload.data, {
    timeout: 10_000,
    headers: h,
  });
  const error = msg.headers?.get('Shopmind-Error');
  if (error) throw new Error(`top_k for ${userId}: ${error} ${new TextDecoder().decode(msg.data)}`);
  return decodeMessage(TopKReplySchema, msg.data, msg.headers?.get('content-type')).items.map(
    (i) => i.productId,
  );
}
