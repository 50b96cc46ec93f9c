// review-sentiment on a real NATS (JetStream) and Redis, seen through a plain core subscription to
// its results (what a shop gets from `nats sub 'ai.<shop>.>'`): an event that comes again — the
// identical event redelivered, or its id reused with other content — yields the result of the first
// delivery again or nothing, never a different result, and the stream keeps one.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { clone } from '@bufbuild/protobuf';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager, type PubAck } from '@nats-io/jetstream';
import {
  decodeMessage,
  Events,
  prefixStream,
  ReviewAnalysedSchema,
  ReviewSubmittedSchema,
  Streams,
  type ReviewAnalysed,
  type ReviewSubmitted,
} from '@shopmind/contracts';
import {
  aReview,
  collectResults,
  expectConsumerIdle,
  publishEvent,
  startInfra,
  uniqueName,
  uniqueTenant,
  type Infra,
  type ResultCollector,
  provisionNamespace,
} from '@shopmind/testing';
import { startService, type RunningService } from '@shopmind/service-kit';
import { loadConfig } from '../../services/review-sentiment/src/config.js';
import { reviewSentiment } from '../../services/review-sentiment/src/tools.js';

const CONSUMER = 'review-sentiment__review_submitted';

let infra: Infra;
let nc: NatsConnection;
let jsm: JetStreamManager;
let service: RunningService;
let prefix: string;

beforeAll(async () => {
  infra = await startInfra();
  nc = await connect({ servers: infra.natsUrl, name: 'shop-system' });
  jsm = await jetstreamManager(nc);
  prefix = await provisionNamespace(
    infra.natsUrl,
    uniqueName('rsrep')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, ''),
  );
  const config = loadConfig({
    NATS_URL: infra.natsUrl,
    REDIS_URL: infra.redisUrl,
    SHOPMIND_SUBJECT_PREFIX: prefix,
    SHOPMIND_BUS_ACK_WAIT_MS: '5000',
    SHOPMIND_BUS_RETRY_DELAY_MS: '100',
    REVIEW_SUMMARY_DEBOUNCE_MS: '50',
    LLM_KEY_PREFIX: `llm-${prefix}`,
  });
  service = await startService(reviewSentiment, config, { listenHttp: false });
}, 60_000);

afterAll(async () => {
  await service?.close();
  await nc?.drain();
  await infra?.stop();
});

/** Publishes a review as a shop would; without a Nats-Msg-Id, so SHOP_EVENTS stores every copy. */
function publishReview(review: ReviewSubmitted): Promise<PubAck> {
  return publishEvent(nc, Events.reviewSubmitted, review, { prefix });
}

/** Waits until the service has handled (and acknowledged) everything up to `ack`. */
async function handledUpTo(ack: PubAck): Promise<void> {
  await expectConsumerIdle(jsm, Streams.shopEvents.name, CONSUMER, { prefix, streamSeq: ack.seq });
  // The service acked after its results' PubAcks, so the server had routed them to this connection
  // already; a round trip to the server lets the last of them arrive.
  await nc.flush();
}

/** The analysed reviews AI_RESULTS keeps for `tenant`. */
async function storedResults(tenant: string): Promise<ReviewAnalysed[]> {
  const stream = prefixStream(prefix, Streams.aiResults.name);
  const subject = `${prefix}.${Events.reviewAnalysed.subject(tenant)}`;
  const info = await jsm.streams.info(stream, { subjects_filter: subject });
  const count = info.state.subjects?.[subject] ?? 0;
  if (count === 0) return [];
  expect(count).toBe(1);
  const m = await jsm.streams.getMessage(stream, { last_by_subj: subject });
  return [decodeMessage(ReviewAnalysedSchema, m!.data, m!.header.get('content-type'))];
}

function expectOnlyCopiesOf(
  collector: ResultCollector<typeof ReviewAnalysedSchema>,
  first: ReviewAnalysed,
): void {
  expect(collector.undecodable).toEqual([]);
  for (const got of collector.items) expect(got).toEqual(first);
}

describe('review-sentiment results for an event that comes again', () => {
  it('gives a core subscriber only the first result when the event id comes again with other content', async () => {
    const tenant = uniqueTenant('reused');
    const collector = await collectResults(nc, Events.reviewAnalysed, { tenant, prefix });
    const original = aReview(tenant, {
      rating: 1,
      title: 'Broke at once',
      body: 'The wheel broke on the first day and the paint smells awful.',
    });
    await publishReview(original);
    const [first] = await collector.waitFor(1);
    expect(first).toMatchObject({ reviewId: original.reviewId, rating: 1 });

    // The shop reuses the event id for an edited review: same envelope, other content.
    const edited = clone(ReviewSubmittedSchema, original);
    Object.assign(edited, { rating: 5, title: 'Love it', body: 'Beautiful solid wood. Our son adores it.' });
    await handledUpTo(await publishReview(edited));

    expectOnlyCopiesOf(collector, first!);
    expect(await storedResults(tenant)).toEqual([first]);
    await collector.close();
  });

  it('gives a core subscriber the identical result again, not a new one, when the same event is redelivered', async () => {
    const tenant = uniqueTenant('redelivered');
    const collector = await collectResults(nc, Events.reviewAnalysed, { tenant, prefix });
    const review = aReview(tenant, { rating: 4, title: 'Good', body: 'Sturdy wheels and lovely paint.' });
    await publishReview(review);
    const [first] = await collector.waitFor(1);

    // What a lost ack looks like to the service: the identical event delivered once more (here as
    // a second copy in the stream, since acking is not something a test can make the service lose).
    await handledUpTo(await publishReview(review));

    expectOnlyCopiesOf(collector, first!);
    expect(await storedResults(tenant)).toEqual([first]);
    await collector.close();
  });
});
