// Test support for the service's integration specs: one shop's events published on real NATS, the
// wait until the service has handled them (consumer state, not sleeps), its questions (top-k and
// the shopping guide), and a reader of every Redis key of a tenant.
import { type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import {
  consumerName,
  decodeMessage,
  encodeMessage,
  Events,
  InteractionKind,
  NodeKind,
  Queries,
  Relation,
  ShoppingGuideReplySchema,
  ShoppingGuideRequestSchema,
  TopKReplySchema,
  TopKRequestSchema,
  type EventDefinition,
  type QueryDefinition,
  type ShoppingGuideReply,
  type TopKReply,
  type TopKRequest,
} from '@shopmind/contracts';
import {
  aBareProduct,
  aGraphUpdated,
  anOrder,
  anOrderPlaced,
  aProductUpserted,
  aShoppingGuideRequest,
  aTopKRequest,
  aUserInteracted,
  expectConsumerIdle,
  publishEvent,
  uniqueTenant,
} from '@shopmind/testing';
import { scanKeys, type RedisConnection } from '@shopmind/redis';

/** What a spec shares with its shops: the NATS clients, the subject prefix and the service name. */
export interface TestBed {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  prefix: string;
  service: string;
}

/** One shop's events, and waiting until the service has handled all of them. */
export class Shop {
  readonly tenant = uniqueTenant('reco');
  private readonly last = new Map<EventDefinition<DescMessage>, number>();

  constructor(private readonly bed: TestBed) {}

  async publish<D extends DescMessage>(def: EventDefinition<D>, msg: MessageShape<D>): Promise<void> {
    const { seq } = await publishEvent(this.bed.js, def, msg, {
      prefix: this.bed.prefix,
      tenant: this.tenant,
    });
    this.last.set(def as EventDefinition<DescMessage>, seq);
  }

  async product(id: string, title: string, fields: Parameters<typeof aBareProduct>[0] = {}): Promise<void> {
    await this.publish(
      Events.productUpserted,
      aProductUpserted({
        envelope: this.envelope(),
        product: aBareProduct({ id, title, ...fields }),
        version: 1n,
      }),
    );
  }

  /** The knowledge graph says the product is made of `material`. */
  async madeOf(productId: string, material: string): Promise<void> {
    await this.publish(
      Events.graphUpdated,
      aGraphUpdated({
        envelope: this.envelope(),
        productId,
        productVersion: 1n,
        added: [
          {
            subject: { kind: NodeKind.PRODUCT, id: productId },
            relation: Relation.MADE_OF,
            object: { kind: NodeKind.MATERIAL, id: material, label: material },
            provenance: { extractor: 'attributes', confidence: 1 },
          },
        ],
      }),
    );
  }

  async interaction(
    kind: InteractionKind,
    productId: string,
    userId: string,
    sessionId: string,
  ): Promise<void> {
    await this.publish(
      Events.userInteracted,
      aUserInteracted({ envelope: this.envelope(), kind, productId, userId, sessionId }),
    );
  }

  async order(userId: string, productIds: string[]): Promise<void> {
    const items = productIds.map((productId) => ({
      productId,
      quantity: 1,
      unitPrice: { currency: 'EUR', amountMinor: 1000n },
    }));
    await this.publish(
      Events.orderPlaced,
      anOrderPlaced({ envelope: this.envelope(), order: anOrder({ userId, items }) }),
    );
  }

  /** Waits until every consumer has delivered and acknowledged what this shop published to it. */
  async handled(): Promise<void> {
    for (const [def, seq] of this.last)
      await expectConsumerIdle(this.bed.jsm, def.stream, consumerName(this.bed.service, def), {
        prefix: this.bed.prefix,
        streamSeq: seq,
      });
  }

  envelope() {
    return { tenantId: this.tenant };
  }

  request(
    seed: TopKRequest['seed'],
    over: Partial<Omit<TopKRequest, 'seed' | '$typeName'>> = {},
  ): TopKRequest {
    return aTopKRequest({ meta: { tenantId: this.tenant }, seed, k: 10, ...over });
  }

  async ask(req: TopKRequest): Promise<TopKReply> {
    const reply = await this.send(encodeMessage(TopKRequestSchema, req, 'json'));
    if (reply.error) throw new Error(`top_k answered ${reply.error}`);
    return decodeMessage(TopKReplySchema, reply.data, reply.contentType);
  }

  /** One turn of the shopping guide ('' text: the guide opens). */
  async guide(
    conversationId: string,
    text: string,
    userId = '',
    k = 0,
    locale = '',
  ): Promise<ShoppingGuideReply> {
    const req = aShoppingGuideRequest({
      meta: { tenantId: this.tenant },
      conversationId,
      text,
      userId,
      k,
      locale,
    });
    const reply = await this.send(
      encodeMessage(ShoppingGuideRequestSchema, req, 'json'),
      Queries.shoppingGuide,
    );
    if (reply.error) throw new Error(`guide answered ${reply.error}`);
    return decodeMessage(ShoppingGuideReplySchema, reply.data, reply.contentType);
  }

  async send(
    payload: { data: Uint8Array; contentType: string },
    query: QueryDefinition = Queries.recommendTopK,
  ): Promise<{ error: string; data: Uint8Array; contentType: string | undefined }> {
    const h = headers();
    h.set('content-type', payload.contentType);
    const msg = await this.bed.nc.request(`${this.bed.prefix}.${query.subject(this.tenant)}`, payload.data, {
      timeout: 5000,
      headers: h,
    });
    return {
      error: msg.headers?.get('Shopmind-Error') ?? '',
      data: msg.data,
      contentType: msg.headers?.get('content-type'),
    };
  }
}

/** Every key of the tenant (whatever its prefix) with its content read by type, as text. */
export async function tenantKeys(redis: RedisConnection, tenant: string): Promise<Map<string, string[]>> {
  // Every master's keys on a Redis Cluster (one SCAN covers one node).
  const keys = await scanKeys(redis, `*${tenant}*`, 1000);
  const contents = new Map<string, string[]>();
  for (const key of keys.sort()) {
    const type = await redis.type(key);
    if (type === 'string') contents.set(key, [(await redis.get(key)) ?? '']);
    else if (type === 'hash') contents.set(key, Object.entries(await redis.hgetall(key)).flat());
    else if (type === 'set') contents.set(key, (await redis.smembers(key)).sort());
    else if (type === 'zset') contents.set(key, await redis.zrange(key, 0, -1, 'WITHSCORES'));
    else if (type === 'list') contents.set(key, await redis.lrange(key, 0, -1));
    else if (type !== 'none') throw new Error(`${key}: a ${type} this test cannot read`);
  }
  return contents;
}

/** "key" or "key → value" for every key name and value that contains `text`. */
export function naming(contents: Map<string, string[]>, text: string): string[] {
  const found: string[] = [];
  for (const [key, values] of contents) {
    if (key.includes(text)) found.push(key);
    for (const v of values) if (v.includes(text)) found.push(`${key} → ${v}`);
  }
  return found;
}
