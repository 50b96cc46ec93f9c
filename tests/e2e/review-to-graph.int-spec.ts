// A review travelling through two services on a real NATS (JetStream) and Redis: the shop submits
// it, review-sentiment publishes its analysis, knowledge-graph consumes that analysis and records the
// aspects as PRAISED_FOR / CRITICIZED_FOR of the product, still in the shop's trace.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { create } from '@bufbuild/protobuf';
import {
  Events,
  GraphOperation,
  NodeKind,
  Polarity,
  ProductSchema,
  Relation,
  type Neighbour,
} from '@shopmind/contracts';
import { tracer } from '@shopmind/telemetry';
import { installTestTelemetry, type TestTelemetry } from '@shopmind/telemetry/testing';
import {
  aProductUpserted,
  aReviewSubmitted,
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
  platform.results(Events.reviewAnalysed);
  platform.results(Events.graphUpdated);
}, 60_000);

afterAll(async () => {
  await platform?.close();
  await infra?.stop();
  await telemetry?.shutdown();
});

const reviewFact = (n: Neighbour): string => `${Relation[n.relation]}=${n.node?.id}x${n.count}`;

describe('a review across review-sentiment and knowledge-graph', () => {
  it("turns a submitted review into PRAISED_FOR and CRITICIZED_FOR facts of the product, in the shop's trace and in the graph's export", async () => {
    const tenant = uniqueTenant('review');
    const productId = uniqueName('p');
    await platform.publish(
      Events.productUpserted,
      tenant,
      aProductUpserted({
        product: create(ProductSchema, {
          id: productId,
          title: 'Remote Control Car',
          brand: 'Carson',
          categoryPath: ['Toys', 'RC Cars'],
          attributes: { material: 'plastic' },
          language: 'en',
        }),
        envelope: { tenantId: tenant },
      }),
    );
    await platform.results(Events.graphUpdated).next((m) => m.productId === productId);

    const submitted = aReviewSubmitted({
      productId,
      rating: 3,
      title: 'Fast but thirsty',
      body: 'Great quality, very sturdy and fast. But the battery is terrible and dies after ten minutes.',
      envelope: { tenantId: tenant },
    });
    const shopSpan = tracer.startSpan('shop publishes a review');
    await platform.publish(Events.reviewSubmitted, tenant, submitted, shopSpan);
    shopSpan.end();

    const analysed = await platform
      .results(Events.reviewAnalysed)
      .next((m) => m.reviewId === submitted.reviewId);
    expect(analysed.msg.envelope?.causationId).toBe(submitted.envelope!.eventId);
    const praised = analysed.msg.aspects.filter((a) => a.polarity === Polarity.POSITIVE).map((a) => a.aspect);
    const criticised = analysed.msg.aspects
      .filter((a) => a.polarity === Polarity.NEGATIVE)
      .map((a) => a.aspect);
    // The review speaks both ways, so the analysis must carry both for this test to prove anything.
    expect(praised.length).toBeGreaterThan(0);
    expect(criticised.length).toBeGreaterThan(0);

    const update = await platform
      .results(Events.graphUpdated)
      .next((m) => m.envelope?.causationId === analysed.msg.envelope!.eventId);
    expect(update.msg).toMatchObject({ productId, operation: GraphOperation.MERGE });
    expect(update.msg.envelope?.correlationId).toBe(analysed.msg.envelope?.correlationId);
    expect(update.headers?.get('traceparent')).toContain(shopSpan.spanContext().traceId);

    // The graph query shows the aspects, counted once, next to the product's own facts.
    const expected = [
      ...praised.map((a) => `PRAISED_FOR=${a.toLowerCase()}x1`),
      ...criticised.map((a) => `CRITICIZED_FOR=${a.toLowerCase()}x1`),
    ].sort();
    const reviewed = await platform.graphQuery(tenant, {
      query: {
        case: 'neighbours',
        value: {
          node: { kind: NodeKind.PRODUCT, id: productId },
          relations: [Relation.PRAISED_FOR, Relation.CRITICIZED_FOR],
        },
      },
    });
    expect(reviewed.neighbours.map(reviewFact).sort()).toEqual(expected);
    expect(reviewed.neighbours.every((n) => n.node?.kind === NodeKind.ASPECT)).toBe(true);
    const brand = await platform.graphQuery(tenant, {
      query: {
        case: 'neighbours',
        value: { node: { kind: NodeKind.PRODUCT, id: productId }, relations: [Relation.BRAND] },
      },
    });
    expect(brand.neighbours.map((n) => n.node?.id)).toEqual(['carson']);

    // And from the aspect's side: the product is among those praised for it.
    const fans = await platform.graphQuery(tenant, {
      query: {
        case: 'neighbours',
        value: { node: { kind: NodeKind.ASPECT, id: praised[0]! }, relations: [Relation.PRAISED_FOR] },
      },
    });
    expect(fans.neighbours.map((n) => n.node?.id)).toContain(productId);

    // The tenant's export carries both the product's facts and the review counts.
    const cypher = await platform.graphHttp(`/export/${tenant}/graph.cypher`);
    expect(cypher.status).toBe(200);
    const statements = await cypher.text();
    expect(statements).toContain(`MERGE (p:Product {tenant: '${tenant}', id: '${productId}'})`);
    expect(statements).toMatch(
      /MERGE \(o:Brand \{tenant: '[^']+', id: 'carson'\}\) MERGE \(p\)-\[r:BRAND\]->\(o\)/,
    );
    expect(statements).toContain(`MERGE (p)-[r:PRAISED_FOR]->(o) SET r.count = 1`);
    const jsonLd = await platform.graphHttp(`/export/${tenant}/graph.jsonld`);
    expect(jsonLd.headers.get('content-type')).toContain('application/ld+json');
    const doc = (await jsonLd.json()) as { '@graph': Record<string, unknown>[] };
    const node = doc['@graph'].find((n) => n.identifier === productId);
    expect(node).toMatchObject({ '@type': 'Product', name: 'Remote Control Car' });
    expect(node!.PRAISED_FOR).toBeDefined();
    expect(node!.CRITICIZED_FOR).toBeDefined();
  });
});
