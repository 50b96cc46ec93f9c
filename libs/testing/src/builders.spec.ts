import { create, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import { describe, expect, it } from '@jest/globals';
import {
  decodeMessage,
  encodeMessage,
  Events,
  EnvelopeSchema,
  OrderStatus,
  PaymentMethod,
  Queries,
  ReviewSubmittedSchema,
  type EventDefinition,
  type QueryDefinition,
} from '@shopmind/contracts';
import * as builders from './builders.js';

const eventBuilders: Record<keyof typeof Events, () => unknown> = {
  productUpserted: builders.aProductUpserted,
  productDeleted: builders.aProductDeleted,
  userInteracted: builders.aUserInteracted,
  orderPlaced: builders.anOrderPlaced,
  orderStatusChanged: builders.anOrderStatusChanged,
  chargebackReported: builders.aChargebackReported,
  reviewSubmitted: builders.aReviewSubmitted,
  supportMessageReceived: builders.aSupportMessageReceived,
  erasureRequested: builders.aCustomerErasureRequested,
  reviewAnalysed: builders.aReviewAnalysed,
  copyGenerated: builders.aCopyGenerated,
  graphUpdated: builders.aGraphUpdated,
  orderScored: builders.anOrderScored,
  fraudAlert: builders.aFraudAlert,
  reviewFlagged: builders.aReviewFlagged,
  supportReplied: builders.aSupportReplied,
  supportEscalated: builders.aSupportEscalated,
};

const requestBuilders: Record<keyof typeof Queries, () => unknown> = {
  reviewSummary: builders.aReviewSummaryRequest,
  recommendTopK: builders.aTopKRequest,
  shoppingGuide: builders.aShoppingGuideRequest,
  supportChat: builders.aSupportChatRequest,
  generateCopy: builders.aGenerateCopyRequest,
  graphQuery: builders.aGraphQueryRequest,
  fraudScore: builders.aFraudScoreRequest,
};

function roundTrips<D extends DescMessage>(schema: D, msg: unknown): void {
  const typed = msg as MessageShape<D>;
  for (const format of ['json', 'protobuf'] as const) {
    const { data, contentType } = encodeMessage(schema, typed, format);
    expect(decodeMessage(schema, data, contentType)).toEqual(typed);
  }
}

describe('builders', () => {
  it.each(Object.entries(eventBuilders))(
    'builds a valid %s event for tenant acme that survives both wire formats',
    (key, make) => {
      const def = Events[key as keyof typeof Events] as EventDefinition;
      const msg = make();
      expect(builders.anEnvelope().tenantId).toBe('acme');
      expect((msg as { envelope: { tenantId: string } }).envelope.tenantId).toBe('acme');
      roundTrips(def.schema, msg);
    },
  );

  it.each(Object.entries(requestBuilders))('builds a valid %s request', (key, make) => {
    const def = Queries[key as keyof typeof Queries] as QueryDefinition;
    roundTrips(def.request, make());
  });

  it('builds a bare product that is valid by the proto rules and carries only the given facts', () => {
    const product = builders.aBareProduct({ attributes: { colour: 'red' } });
    expect(product.attributes).toEqual({ colour: 'red' });
    expect(product.price).toBeUndefined();
    roundTrips(Events.productUpserted.schema, builders.aProductUpserted({ product }));
  });

  it('gives every event a fresh id and results a causation id', () => {
    const a = builders.aReviewSubmitted();
    const b = builders.aReviewSubmitted();
    expect(a.envelope?.eventId).not.toBe(b.envelope?.eventId);
    expect(a.reviewId).not.toBe(b.reviewId);
    expect(a.envelope?.causationId).toBe('');
    expect(builders.aReviewAnalysed().envelope?.causationId).not.toBe('');
  });

  it('applies deep overrides and keeps the other defaults', () => {
    const msg = builders.aReviewSubmitted({ rating: 2, envelope: { tenantId: 'globex' } });
    expect(msg.rating).toBe(2);
    expect(msg.envelope?.tenantId).toBe('globex');
    expect(msg.envelope?.producer).toBe('test-reviews');
    expect(msg.envelope?.occurredAt).toBeDefined();

    const upsert = builders.aProductUpserted({
      product: { title: 'Rocking Horse', price: { amountMinor: 9900n } },
    });
    expect(upsert.product?.title).toBe('Rocking Horse');
    expect(upsert.product?.price).toMatchObject({ currency: 'EUR', amountMinor: 9900n });
    expect(upsert.product?.brand).toBe('Grimm');

    const order = builders.anOrderPlaced({
      order: {
        paymentMethod: PaymentMethod.PAYPAL,
        items: [{ productId: 'p', quantity: 1, unitPrice: { currency: 'EUR', amountMinor: 1n } }],
      },
    });
    expect(order.order?.items).toHaveLength(1);
    expect(order.order?.email).toBe('alex@example.com');

    const delivered = builders.anOrderStatusChanged({ status: OrderStatus.DELIVERED });
    expect(delivered.tracking?.carrier).toBe('DHL');
  });

  it('replaces a default with a complete message override and switches oneof cases', () => {
    const envelope = create(EnvelopeSchema, {
      eventId: 'fixed',
      tenantId: 'globex',
      producer: 'x',
      schemaVersion: 1,
    });
    expect(builders.aReviewSubmitted({ envelope }).envelope).toBe(envelope);
    const cart = builders.aTopKRequest({ seed: { case: 'cart', value: { productIds: ['a', 'b'] } } });
    expect(cart.seed).toEqual({ case: 'cart', value: expect.objectContaining({ productIds: ['a', 'b'] }) });
  });

  it('can build an invalid message for negative tests; the codec then refuses it', () => {
    const bad = builders.aReviewSubmitted({ rating: 9 });
    expect(() => encodeMessage(ReviewSubmittedSchema, bad, 'json')).toThrow(/rating/);
  });

  it('renders proto3 JSON as a shop would publish it', () => {
    const json = builders.jsonOf(ReviewSubmittedSchema, builders.aReviewSubmitted({ rating: 3 })) as Record<
      string,
      unknown
    >;
    expect(json).toMatchObject({
      rating: 3,
      verifiedPurchase: true,
      envelope: { tenantId: 'acme', schemaVersion: 1 },
    });
  });
});
