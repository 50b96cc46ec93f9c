// The service on a real NATS (JetStream) and Redis, with the fake OpenAI-compatible server as its
// LLM provider: graph updates in the shop's trace, stale facts removed on update and never
// resurrected, review aspects counted, the LLM path constrained to the ontology, and an LLM
// outage answered by the local extractor marked degraded, in Chinese too (issue 18), and a product
// in a language no local reader covers marked unsupported_language.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { create, type DescMessage, type MessageInitShape, type MessageShape } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import {
  Comparison,
  consumerName,
  decodeMessage,
  encodeMessage,
  Events,
  GraphOperation,
  GraphQueryReplySchema,
  GraphQueryRequestSchema,
  NodeKind,
  Polarity,
  Queries,
  Relation,
  SourceTier,
  type EventDefinition,
  type GraphQueryRequest,
  type Triple,
} from '@shopmind/contracts';
import { startService, type RunningService } from '@shopmind/service-kit';
import { UNSUPPORTED_LANGUAGE } from '@shopmind/vocabulary';
import { installTestTelemetry } from '@shopmind/telemetry/testing';
import {
  aBareProduct,
  aCustomerErasureRequested,
  aProductDeleted,
  aProductUpserted,
  aRequestMeta,
  aReviewAnalysed,
  chatText,
  expectConsumerIdle,
  freshId,
  publishEvent,
  ResultCollector,
  startFakeOpenAi,
  startInfra,
  uniqueName,
  type FakeOpenAiServer,
  type Infra,
  provisionNamespace,
} from '@shopmind/testing';
import { Redis } from 'ioredis';
import { randomBytes, randomUUID } from 'node:crypto';
import { loadConfig } from './config.js';
import { knowledgeGraph } from './knowledge-graph.module.js';

const tenant = 'acme';
const prefix = uniqueName('kg')
  .toLowerCase()
  .replace(/[^a-z0-9]/g, '');
let infra: Infra;
let fake: FakeOpenAiServer;
let service: RunningService;
let nc: NatsConnection;
let jsm: JetStreamManager;
let updates: ResultCollector<typeof Events.graphUpdated.schema>;
let redis: Redis;

/** Publishes as a shop system would, inside a trace of its own; returns the trace id and stream sequence. */
async function publish<D extends DescMessage>(
  def: EventDefinition<D>,
  msg: MessageShape<D>,
): Promise<{ traceId: string; seq: number }> {
  const traceId = randomBytes(16).toString('hex');
  const h = headers();
  h.set('traceparent', `00-${traceId}-${randomBytes(8).toString('hex')}-01`);
  const ack = await publishEvent(nc, def, msg, { tenant, prefix, headers: h });
  return { traceId, seq: ack.seq };
}

/** Waits until the service's consumer of `def` has handled (and acknowledged) everything up to `seq`. */
async function handledUpTo(def: EventDefinition, seq: number): Promise<void> {
  await expectConsumerIdle(jsm, def.stream, consumerName('knowledge-graph', def), { prefix, streamSeq: seq });
}

async function query(
  init: MessageInitShape<typeof GraphQueryRequestSchema>,
): Promise<MessageShape<typeof GraphQueryReplySchema>> {
  const req: GraphQueryRequest = create(GraphQueryRequestSchema, init);
  req.meta = aRequestMeta();
  const { data, contentType } = encodeMessage(GraphQueryRequestSchema, req, 'json');
  const h = headers();
  h.set('content-type', contentType);
  const reply = await nc.request(`${prefix}.${Queries.graphQuery.subject(tenant)}`, data, {
    timeout: 5000,
    headers: h,
  });
  expect(reply.headers?.get('Shopmind-Error') ?? '').toBe('');
  return decodeMessage(GraphQueryReplySchema, reply.data, reply.headers?.get('content-type'));
}

const fact = (t: Triple): string => `${Relation[t.relation]}=${t.number ?? t.object?.id}`;

beforeAll(async () => {
  installTestTelemetry();
  infra = await startInfra();
  fake = await startFakeOpenAi();
  // Unscripted requests fail: the provider is "down" unless a test scripts an answer.
  fake.setDefaultReply({ kind: 'error', status: 503, message: 'provider down' });
  const config = loadConfig({
    NATS_URL: infra.natsUrl,
    REDIS_URL: infra.redisUrl,
    HTTP_PORT: '0',
    SHOPMIND_SUBJECT_PREFIX: prefix,
    SHOPMIND_BUS_CONCURRENCY: '1',
    LLM_PROVIDERS: JSON.stringify([
      { name: 'fake', kind: 'openai-compatible', baseURL: fake.baseURL, model: 'fake-model' },
    ]),
    LLM_MAX_RETRIES: '0',
    LLM_BREAKER_MIN_RPS: '1000',
    LLM_KEY_PREFIX: `llm-${prefix}`,
  });
  await provisionNamespace(infra.natsUrl, prefix);
  service = await startService(knowledgeGraph, config, { listenHttp: false });
  nc = await connect({ servers: infra.natsUrl });
  jsm = await jetstreamManager(nc);
  updates = await new ResultCollector(nc, Events.graphUpdated, { tenant, prefix }).ready();
  redis = new Redis(infra.redisUrl);
}, 60_000);

afterAll(async () => {
  await redis?.quit();
  await service?.close();
  await updates?.close();
  await nc?.drain();
  await fake?.stop();
  await infra?.stop();
});

describe('knowledge-graph service', () => {
  it("turns a product upsert into a graph update in the shop's trace, from the local extractor marked degraded when the LLM is down", async () => {
    const product = aBareProduct({
      title: 'Wooden Shape Sorter',
      brand: 'The LEGO Group',
      categoryPath: ['Toys', 'Shape Sorters'],
      attributes: { material: 'beech wood' },
      description: 'Requires 2 AA batteries.',
      ageRange: { minMonths: 18 },
    });
    const event = aProductUpserted({ product, version: 1n });
    const { traceId } = await publish(Events.productUpserted, event);
    const { msg, headers: h } = await updates.next((u) => u.productId === product.id);
    expect(msg.operation).toBe(GraphOperation.REPLACE);
    expect(msg.envelope?.causationId).toBe(event.envelope?.eventId);
    expect(msg.added.map(fact).sort()).toEqual([
      'AGE_MIN=1.5',
      'BRAND=lego',
      'IN_CATEGORY=shape sorter',
      'MADE_OF=wood',
      'REQUIRES=aa battery',
    ]);
    expect(msg.added.find((t) => t.relation === Relation.BRAND)?.provenance).toMatchObject({
      sourceEventId: event.envelope?.eventId,
      extractor: 'attributes',
    });
    expect(msg.source?.tier).toBe(SourceTier.LOCAL);
    expect(msg.source?.degradedReason).not.toBe('');
    expect(h?.get('traceparent')).toContain(traceId);
  });

  it('reads a Chinese product into the English ontology, found by an English query; a French one only for its language-free facts, marked unsupported', async () => {
    const chinese = aBareProduct({
      title: '恐龙主题木质拼图 红色',
      brand: '乐高（LEGO）',
      categoryPath: ['玩具', '拼图'],
      attributes: { 材质: '榉木', 适用年龄: '3-6岁', 尺寸: '30×20厘米' },
      description: '适合3岁以上儿童。需要2节AA电池（不含）。生日礼物首选。',
      language: 'zh',
    });
    await publish(Events.productUpserted, aProductUpserted({ product: chinese, version: 1n }));
    const { msg } = await updates.next((u) => u.productId === chinese.id);
    expect(msg.added.map(fact).sort()).toEqual([
      'AGE_MAX=6',
      'AGE_MIN=3',
      'BRAND=lego',
      'FOR_AUDIENCE=kids',
      'FOR_OCCASION=birthday',
      'HAS_COLOR=red',
      'IN_CATEGORY=jigsaw puzzle',
      'MADE_OF=wood',
      'REQUIRES=aa battery',
    ]);
    expect(msg.source?.tier).toBe(SourceTier.LOCAL);
    expect(msg.source?.degradedReason).not.toContain(UNSUPPORTED_LANGUAGE);
    const found = await query({
      query: {
        case: 'match',
        value: {
          conditions: [
            { relation: Relation.MADE_OF, object: 'wood' },
            { relation: Relation.AGE_MIN, comparison: Comparison.LTE, number: 3 },
            { relation: Relation.IN_CATEGORY, object: 'jigsaw puzzles' },
          ],
        },
      },
    });
    expect(found.products.map((p) => p.productId)).toContain(chinese.id);

    const french = aBareProduct({
      title: 'Puzzle en bois pour les enfants de 3 ans et plus',
      brand: 'Janod',
      categoryPath: ['Jouets', 'Puzzles'],
      attributes: { material: 'bois de hêtre' },
      description: 'Compatible with Duplo. Un puzzle avec une boîte en carton.',
      language: 'fr',
    });
    await publish(Events.productUpserted, aProductUpserted({ product: french, version: 1n }));
    const { msg: fr } = await updates.next((u) => u.productId === french.id);
    expect(fr.added.map(fact).sort()).toEqual(['BRAND=janod', 'IN_CATEGORY=puzzles']);
    expect(fr.source?.tier).toBe(SourceTier.LOCAL);
    expect(fr.source?.degradedReason).toContain(UNSUPPORTED_LANGUAGE);
  });

  it("replaces an updated product's facts: stale facts leave every index, and a late older upsert changes nothing", async () => {
    const id = freshId('p');
    const v1 = aProductUpserted({
      product: aBareProduct({
        id,
        title: 'Puzzle',
        brand: 'Hape',
        categoryPath: ['Puzzles'],
        attributes: { material: 'wood', colour: 'red' },
        description: '',
        ageRange: { minMonths: 24 },
      }),
      version: 1n,
    });
    await publish(Events.productUpserted, v1);
    await updates.next((u) => u.productId === id && u.productVersion === 1n);
    const v2 = aProductUpserted({
      product: aBareProduct({
        id,
        title: 'Puzzle',
        brand: 'Hape',
        categoryPath: ['Puzzles'],
        attributes: { material: 'cardboard', colour: 'red' },
        description: '',
        ageRange: { minMonths: 24 },
      }),
      version: 2n,
    });
    await publish(Events.productUpserted, v2);
    const { msg } = await updates.next((u) => u.productId === id && u.productVersion === 2n);
    expect(msg.removed.map(fact)).toEqual(['MADE_OF=wood']);
    expect(msg.added.map(fact)).toEqual(['MADE_OF=cardboard']);

    const late = aProductUpserted({
      product: aBareProduct({ id, title: 'Puzzle', attributes: { material: 'wood' } }),
      version: 1n,
      envelope: { occurredAt: timestampFromMs(Date.now() + 60_000) },
    });
    await handledUpTo(Events.productUpserted, (await publish(Events.productUpserted, late)).seq);
    expect(updates.items.filter((u) => u.envelope?.causationId === late.envelope?.eventId)).toEqual([]);

    const wooden = await query({
      query: {
        case: 'match',
        value: {
          conditions: [
            { relation: Relation.MADE_OF, object: 'Wood' },
            { relation: Relation.IN_CATEGORY, object: 'puzzles' },
          ],
        },
      },
    });
    expect(wooden.products.map((p) => p.productId)).not.toContain(id);
    const now = await query({
      query: {
        case: 'match',
        value: {
          conditions: [
            { relation: Relation.MADE_OF, object: 'cardboard' },
            { relation: Relation.AGE_MIN, comparison: Comparison.LTE, number: 3 },
            { relation: Relation.IN_CATEGORY, object: 'Puzzles' },
          ],
        },
      },
    });
    expect(now.products.map((p) => p.productId)).toEqual([id]);
  });

  it('removes a deleted product and refuses to resurrect it with a late upsert', async () => {
    const id = freshId('p');
    await publish(
      Events.productUpserted,
      aProductUpserted({ product: aBareProduct({ id, title: 'Product', brand: 'Brio' }), version: 3n }),
    );
    await updates.next((u) => u.productId === id && u.operation === GraphOperation.REPLACE);
    await publish(Events.productDeleted, aProductDeleted({ productId: id, version: 4n }));
    const { msg } = await updates.next((u) => u.productId === id && u.operation === GraphOperation.REMOVE);
    expect(msg.removed.map(fact)).toContain('BRAND=brio');
    const late = aProductUpserted({
      product: aBareProduct({ id, title: 'Product', brand: 'Brio' }),
      version: 3n,
    });
    await handledUpTo(Events.productUpserted, (await publish(Events.productUpserted, late)).seq);
    expect(updates.items.filter((u) => u.envelope?.causationId === late.envelope?.eventId)).toEqual([]);
    const around = await query({
      query: { case: 'neighbours', value: { node: { kind: NodeKind.PRODUCT, id } } },
    });
    expect(around.neighbours).toEqual([]);
  });

  it('counts analysed review aspects as PRAISED_FOR and CRITICIZED_FOR, once per review, a mixed review both', async () => {
    const id = freshId('p');
    const review = (aspects: { aspect: string; polarity: Polarity }[], polarity = Polarity.POSITIVE) =>
      aReviewAnalysed({
        productId: id,
        polarity,
        aspects: aspects.map((a) => ({
          ...a,
          score: a.polarity === Polarity.POSITIVE ? 0.8 : -0.8,
          evidence: a.aspect,
        })),
      });
    const first = review(
      [
        { aspect: 'Quality', polarity: Polarity.POSITIVE },
        { aspect: 'battery', polarity: Polarity.NEGATIVE },
      ],
      Polarity.MIXED,
    );
    await publish(Events.reviewAnalysed, first);
    const { msg } = await updates.next((u) => u.envelope?.causationId === first.envelope?.eventId);
    expect(msg.operation).toBe(GraphOperation.MERGE);
    expect(msg.added.map((t) => `${Relation[t.relation]}=${t.object?.id}x${t.count}`).sort()).toEqual([
      'CRITICIZED_FOR=batteryx1',
      'PRAISED_FOR=qualityx1',
    ]);
    const second = review([{ aspect: 'quality', polarity: Polarity.POSITIVE }]);
    await publish(Events.reviewAnalysed, second);
    const duplicate = await publish(Events.reviewAnalysed, second); // a second delivery of the same event
    await updates.next((u) => u.envelope?.causationId === second.envelope?.eventId);
    // A neutral (or mixed) aspect counts for neither relation.
    const third = review([
      { aspect: 'price', polarity: Polarity.NEUTRAL },
      { aspect: 'colour', polarity: Polarity.MIXED },
      { aspect: 'size', polarity: Polarity.POSITIVE },
    ]);
    const last = await publish(Events.reviewAnalysed, third);
    await updates.next((u) => u.envelope?.causationId === third.envelope?.eventId);
    await handledUpTo(Events.reviewAnalysed, Math.max(duplicate.seq, last.seq));
    expect(updates.items.filter((u) => u.envelope?.causationId === second.envelope?.eventId)).toHaveLength(1);
    const around = await query({
      query: {
        case: 'neighbours',
        value: {
          node: { kind: NodeKind.PRODUCT, id },
          relations: [Relation.PRAISED_FOR, Relation.CRITICIZED_FOR],
        },
      },
    });
    expect(around.neighbours.map((n) => `${Relation[n.relation]}=${n.node?.id}x${n.count}`)).toEqual([
      'PRAISED_FOR=qualityx2',
      'CRITICIZED_FOR=batteryx1',
      'PRAISED_FOR=sizex1',
    ]);
  });

  it("erases the graph updates a customer's reviews caused from the stored results, and keeps the graph's counts", async () => {
    const id = freshId('p');
    const reviewBy = (userId: string) =>
      aReviewAnalysed({
        productId: id,
        userId,
        aspects: [{ aspect: 'quality', polarity: Polarity.POSITIVE, score: 0.8, evidence: 'solid' }],
      });
    const hers = reviewBy(freshId('u'));
    const his = reviewBy(freshId('u'));
    for (const r of [hers, his]) {
      await publish(Events.reviewAnalysed, r);
      await updates.next((u) => u.envelope?.causationId === r.envelope?.eventId);
    }
    const stored = (r: typeof hers): string =>
      `{knowledge-graph:${tenant}:result:${r.envelope!.eventId}}:graph.updated`;
    expect(await redis.exists(stored(hers), stored(his))).toBe(2);

    const erasure = aCustomerErasureRequested({ userId: hers.userId });
    const { seq } = await publish(Events.erasureRequested, erasure);
    await handledUpTo(Events.erasureRequested, seq);

    expect(await redis.exists(stored(hers))).toBe(0);
    expect(await redis.exists(stored(his))).toBe(1);
    const around = await query({
      query: {
        case: 'neighbours',
        value: { node: { kind: NodeKind.PRODUCT, id }, relations: [Relation.PRAISED_FOR] },
      },
    });
    expect(around.neighbours.map((n) => `${n.node?.id}x${n.count}`)).toEqual(['qualityx2']);
  });

  it("takes the LLM's facts when it answers, dropping whatever lies outside the ontology", async () => {
    // Letters only: a UUID's digit runs can look like a phone number, which the gateway redacts
    // before the prompt leaves, and then the scripted reply would not recognise its request.
    const title = `Marble Run ${randomUUID().replace(/[^a-f]/g, '')}`;
    fake.replyOnce(
      {
        kind: 'content',
        content: {
          facts: [
            { relation: 'IN_CATEGORY', object: 'Marble Runs', confidence: 0.9 },
            { relation: 'HAS_FEATURE', object: 'Glow in the dark', confidence: 0.7 },
            { relation: 'PRICE', object: '39.99', confidence: 1 },
            { relation: 'AGE_MIN', object: 8, confidence: 0.8 },
          ],
        },
      },
      (req) => chatText(req).includes(title),
    );
    const product = aBareProduct({
      title,
      brand: 'Ravensburger',
      categoryPath: ['Toys'],
      attributes: {},
      description: 'Glows in the dark. For ages 8+.',
    });
    await publish(Events.productUpserted, aProductUpserted({ product }));
    const { msg } = await updates.next((u) => u.productId === product.id);
    expect(msg.source?.tier).toBe(SourceTier.PROVIDER);
    expect(msg.added.map(fact).sort()).toEqual([
      'AGE_MIN=8',
      'BRAND=ravensburger',
      'HAS_FEATURE=glow in the dark',
      'IN_CATEGORY=marble run',
      'IN_CATEGORY=toy',
    ]);
    expect(msg.added.find((t) => t.relation === Relation.HAS_FEATURE)?.provenance?.extractor).toBe('llm');
  });
});
