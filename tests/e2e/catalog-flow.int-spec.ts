// A shop's catalogue feeding two services at once, end to end on a real NATS (JetStream) and Redis:
// one product upsert yields copy and a graph update in the shop's trace; while the LLM provider is
// down both answer from their local tier and say so; an updated product keeps no stale fact.
// What each service does on its own (repair, dedup, late upserts, deletes) is proven beside it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  consumerName,
  CopyChannel,
  Events,
  NodeKind,
  Relation,
  SourceTier,
  type Neighbour,
  type Triple,
} from '@shopmind/contracts';
import { tracer } from '@shopmind/telemetry';
import { installTestTelemetry, type TestTelemetry } from '@shopmind/telemetry/testing';
import {
  aBareProduct,
  aProductUpserted,
  chatText,
  eventually,
  startInfra,
  uniqueName,
  uniqueTenant,
  type Infra,
} from '@shopmind/testing';
import { ShopPlatform } from './shop-platform.js';

let telemetry: TestTelemetry;
let infra: Infra;
let platform: ShopPlatform;

beforeAll(async () => {
  telemetry = installTestTelemetry();
  infra = await startInfra();
  platform = await ShopPlatform.start(infra);
  platform.results(Events.copyGenerated);
  platform.results(Events.graphUpdated);
}, 60_000);

afterAll(async () => {
  await platform?.close();
  await infra?.stop();
  await telemetry?.shutdown();
});

/** The product every test here starts from; `aBareProduct` keeps exactly these facts. */
const rainbow = {
  title: 'Wooden Stacking Rainbow',
  brand: 'Grimm’s',
  categoryPath: ['Toys', 'Stacking Toys'],
  attributes: { material: 'wood', colour: 'red' },
  description: 'Six arches to stack, balance and build with.',
};

const fact = (t: Triple): string => `${Relation[t.relation]}=${t.number ?? t.object?.id}`;
const neighbourFact = (n: Neighbour): string => `${Relation[n.relation]}=${n.number ?? n.node?.id}`;

describe('a product upsert across product-copy and knowledge-graph', () => {
  it("yields both generated copy and a graph update from one upsert, all in the shop's trace", async () => {
    const tenant = uniqueTenant('trace');
    const product = aBareProduct(rainbow);
    const event = aProductUpserted({ product, envelope: { tenantId: tenant } });
    const shopSpan = tracer.startSpan('shop publishes a product');
    await platform.publish(Events.productUpserted, tenant, event, shopSpan);
    shopSpan.end();

    const copy = await platform.results(Events.copyGenerated).next((m) => m.productId === product.id);
    const graph = await platform.results(Events.graphUpdated).next((m) => m.productId === product.id);
    const traceId = shopSpan.spanContext().traceId;
    for (const result of [copy, graph]) {
      expect(result.msg.envelope).toMatchObject({
        tenantId: tenant,
        causationId: event.envelope!.eventId,
        correlationId: event.envelope!.correlationId || event.envelope!.eventId,
      });
      expect(result.headers?.get('traceparent')).toContain(traceId);
    }
    expect(copy.msg.envelope?.producer).toBe('product-copy');
    expect(graph.msg.envelope?.producer).toBe('knowledge-graph');

    // Each service's consumer span is a child of the shop's publish, and each result's send span is in it.
    const inTrace = () => telemetry.spans().filter((s) => s.spanContext().traceId === traceId);
    const processedBy = (service: string) => () =>
      inTrace().find(
        (s) =>
          s.name === `process ${Events.productUpserted.subject(tenant)}` &&
          s.attributes['messaging.consumer.group.name'] === consumerName(service, Events.productUpserted),
      );
    const sent = (subject: string) => () => inTrace().find((s) => s.name === `send ${subject}`);
    const copyProcess = processedBy('product-copy');
    const graphProcess = processedBy('knowledge-graph');
    const copySend = sent(Events.copyGenerated.subject(tenant));
    const graphSend = sent(Events.graphUpdated.subject(tenant));
    await eventually(() => !!copyProcess() && !!graphProcess() && !!copySend() && !!graphSend(), {
      timeoutMs: 10_000,
      what: 'process and send spans of both services',
    });
    expect(copyProcess()!.parentSpanContext?.spanId).toBe(shopSpan.spanContext().spanId);
    expect(graphProcess()!.parentSpanContext?.spanId).toBe(shopSpan.spanContext().spanId);
    expect(copySend()!.parentSpanContext?.spanId ?? '').not.toBe('');
    expect(graphSend()!.parentSpanContext?.spanId ?? '').not.toBe('');
  });

  it('answers from the local tier of both services, marked degraded, while the LLM provider fails with 503', async () => {
    const tenant = uniqueTenant('outage');
    const title = `Wooden Stacking Rainbow ${uniqueName('t')}`;
    const product = aBareProduct({ ...rainbow, title });
    await platform.publish(
      Events.productUpserted,
      tenant,
      aProductUpserted({ product, envelope: { tenantId: tenant } }),
    );
    const copy = await platform.results(Events.copyGenerated).next((m) => m.productId === product.id);
    const graph = await platform.results(Events.graphUpdated).next((m) => m.productId === product.id);

    for (const { msg } of [copy, graph]) {
      expect(msg.source).toMatchObject({
        tier: SourceTier.LOCAL,
        provider: 'local',
        degradedReason: 'server_error',
      });
    }
    // Degraded, not worse: faithful copy for the tenant's default channel, and the product's facts.
    expect(copy.msg.copy?.channel).toBe(CopyChannel.WEB);
    expect(copy.msg.faithfulness).toMatchObject({ passed: true, unsupportedFacts: [] });
    expect(copy.msg.copy?.title).toContain('Wooden Stacking Rainbow');
    expect(graph.msg.added.map(fact)).toEqual(expect.arrayContaining(['MADE_OF=wood', 'HAS_COLOR=red']));
    // Both services did ask the provider: the outage, not a missing configuration, made them local.
    const asked = platform.llm.chatRequests().filter((r) => chatText(r).includes(title));
    expect(asked.length).toBeGreaterThanOrEqual(2);
  });

  it('leaves no stale fact in the graph, and no stale copy, after a product update', async () => {
    const tenant = uniqueTenant('update');
    const id = uniqueName('p');
    const v1 = aProductUpserted({
      product: aBareProduct({
        ...rainbow,
        id,
        attributes: { material: 'wood', colour: 'red' },
        description: 'Six wooden arches. For toddlers.',
        ageRange: { minMonths: 12 },
      }),
      version: 1n,
      envelope: { tenantId: tenant },
    });
    await platform.publish(Events.productUpserted, tenant, v1);
    await platform.results(Events.graphUpdated).next((m) => m.productId === id && m.productVersion === 1n);
    await platform.results(Events.copyGenerated).next((m) => m.productId === id && m.productVersion === 1n);
    const before = await platform.graphQuery(tenant, {
      query: { case: 'neighbours', value: { node: { kind: NodeKind.PRODUCT, id } } },
    });
    expect(before.neighbours.map(neighbourFact)).toEqual(
      expect.arrayContaining(['MADE_OF=wood', 'HAS_COLOR=red']),
    );

    const v2 = aProductUpserted({
      product: aBareProduct({
        ...rainbow,
        id,
        title: 'Stacking Rainbow',
        attributes: { material: 'cardboard' },
        description: 'Six cardboard arches.',
        ageRange: { minMonths: 36 },
      }),
      version: 2n,
      envelope: { tenantId: tenant },
    });
    await platform.publish(Events.productUpserted, tenant, v2);
    const update = await platform
      .results(Events.graphUpdated)
      .next((m) => m.productId === id && m.productVersion === 2n);
    const copy = await platform
      .results(Events.copyGenerated)
      .next((m) => m.productId === id && m.productVersion === 2n);

    // The graph now holds exactly the facts of version 2.
    const after = await platform.graphQuery(tenant, {
      query: { case: 'neighbours', value: { node: { kind: NodeKind.PRODUCT, id } } },
    });
    const current = after.neighbours
      .filter((n) => n.relation !== Relation.SIMILAR_TO)
      .map(neighbourFact)
      .sort();
    expect(current).toEqual(['AGE_MIN=3', "BRAND=grimm's", 'IN_CATEGORY=stacking toy', 'MADE_OF=cardboard']);
    // The update said so: what it removed is exactly what version 1 had and version 2 lacks.
    const removed = update.msg.removed.map(fact).sort();
    const had = before.neighbours.map(neighbourFact);
    expect(removed).toEqual(had.filter((f) => !current.includes(f)).sort());
    expect(removed).toEqual(
      expect.arrayContaining(['MADE_OF=wood', 'HAS_COLOR=red', 'AGE_MIN=1', 'FOR_AUDIENCE=toddler']),
    );
    const wooden = await platform.graphQuery(tenant, {
      query: { case: 'match', value: { conditions: [{ relation: Relation.MADE_OF, object: 'wood' }] } },
    });
    expect(wooden.products.map((p) => p.productId)).not.toContain(id);

    // The copy was rewritten from the new facts only.
    expect(copy.msg.copy?.copyVersion).toBe(2);
    expect(JSON.stringify(copy.msg.copy)).not.toMatch(/wood|red\b/i);
    expect(JSON.stringify(copy.msg.copy)).toMatch(/cardboard/i);
  });
});
