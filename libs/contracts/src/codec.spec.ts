import { create, toBinary } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { describe, expect, it } from '@jest/globals';
import {
  assertTenantMatches,
  CONTENT_TYPES,
  ContractError,
  decodeMessage,
  encodeMessage,
  envelopeOf,
  Events,
  OrderPlacedSchema,
  PaymentMethod,
  Queries,
  ReviewSubmittedSchema,
  ReviewSummaryRequestSchema,
  UserInteractedSchema,
  InteractionKind,
  type ReviewSubmitted,
} from './index.js';

function review(overrides: Partial<{ rating: number; tenant: string }> = {}): ReviewSubmitted {
  return create(ReviewSubmittedSchema, {
    envelope: {
      eventId: 'evt-1',
      occurredAt: timestampFromDate(new Date('2026-11-28T05:00:00Z')),
      producer: 'acme-reviews',
      tenantId: overrides.tenant ?? 'acme',
      schemaVersion: 1,
    },
    reviewId: 'r-1',
    productId: 'p-1',
    userId: 'u-1',
    rating: overrides.rating ?? 4,
    title: 'Sturdy',
    body: 'Solid wood, my son loves it.',
    language: 'en',
    verifiedPurchase: true,
  });
}

function caught(fn: () => unknown): ContractError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ContractError) return err;
    throw err;
  }
  throw new Error('expected a ContractError');
}

describe('codec', () => {
  it('round-trips an event through protobuf binary', () => {
    const msg = review();
    const { data, contentType } = encodeMessage(ReviewSubmittedSchema, msg, 'protobuf');
    expect(contentType).toBe(CONTENT_TYPES.protobuf);
    const back = decodeMessage(ReviewSubmittedSchema, data, contentType);
    expect(back).toEqual(msg);
  });

  it('round-trips an event through proto3 JSON with canonical field names', () => {
    const msg = review();
    const { data, contentType } = encodeMessage(ReviewSubmittedSchema, msg, 'json');
    expect(contentType).toBe(CONTENT_TYPES.json);
    const json = JSON.parse(new TextDecoder().decode(data)) as Record<string, unknown>;
    expect(json).toMatchObject({
      reviewId: 'r-1',
      rating: 4,
      envelope: { occurredAt: '2026-11-28T05:00:00Z' },
    });
    expect(decodeMessage(ReviewSubmittedSchema, data, contentType)).toEqual(msg);
  });

  it('reads JSON when no content-type is given and accepts the x-protobuf alias for binary', () => {
    const msg = review();
    const json = encodeMessage(ReviewSubmittedSchema, msg, 'json').data;
    expect(decodeMessage(ReviewSubmittedSchema, json).reviewId).toBe('r-1');
    const bin = toBinary(ReviewSubmittedSchema, msg);
    expect(decodeMessage(ReviewSubmittedSchema, bin, 'application/x-protobuf; charset=binary').rating).toBe(
      4,
    );
  });

  it('accepts snake_case JSON names and ignores unknown JSON fields (forward compatibility)', () => {
    const text = JSON.stringify({
      envelope: {
        event_id: 'e',
        occurred_at: '2026-11-28T05:00:00Z',
        producer: 'shop',
        tenant_id: 'acme',
        schema_version: 1,
      },
      review_id: 'r',
      product_id: 'p',
      user_id: 'u',
      rating: 5,
      added_in_a_later_revision: true,
    });
    const msg = decodeMessage(ReviewSubmittedSchema, new TextEncoder().encode(text), 'application/json');
    expect(msg.rating).toBe(5);
    expect(msg.envelope?.tenantId).toBe('acme');
  });

  it('refuses a rating of 9 with a reason naming the rating field', () => {
    const { data, contentType } = encodeMessage(ReviewSubmittedSchema, review({ rating: 9 }), 'json', {
      validate: false,
    });
    const err = caught(() => decodeMessage(ReviewSubmittedSchema, data, contentType));
    expect(err.kind).toBe('invalid');
    expect(err.permanent).toBe(true);
    expect(err.reason).toContain('rating');
    expect(err.violations).toHaveLength(1);
    expect(err.violations[0]).toMatch(/^rating: /);
  });

  it('refuses to encode an invalid message', () => {
    const err = caught(() => encodeMessage(ReviewSubmittedSchema, review({ rating: 0 }), 'protobuf'));
    expect(err.violations[0]).toMatch(/^rating: /);
  });

  it('names nested fields and every violation: missing envelope time, bad tenant, bad currency', () => {
    const order = create(OrderPlacedSchema, {
      envelope: { eventId: 'e', producer: 'oms', tenantId: 'Acme.Shop', schemaVersion: 1 },
      order: {
        orderId: 'o-1',
        currency: 'eur',
        items: [{ productId: 'p', quantity: 1, unitPrice: { currency: 'EUR', amountMinor: 100n } }],
        totals: { total: { currency: 'eur', amountMinor: 100n } },
        paymentMethod: PaymentMethod.PAYPAL,
      },
    });
    const err = caught(() => encodeMessage(OrderPlacedSchema, order, 'json'));
    const fields = err.violations.map((v) => v.split(':')[0]);
    expect(fields).toEqual(
      expect.arrayContaining([
        'envelope.occurred_at',
        'envelope.tenant_id',
        'order.currency',
        'order.totals.total.currency',
      ]),
    );
  });

  it('applies the cross-field rules: a search needs a query, a view needs a product', () => {
    const base = {
      envelope: {
        eventId: 'e',
        occurredAt: timestampFromDate(new Date()),
        producer: 'web',
        tenantId: 'acme',
        schemaVersion: 1,
      },
      sessionId: 's',
    };
    const search = create(UserInteractedSchema, { ...base, kind: InteractionKind.SEARCH });
    expect(caught(() => encodeMessage(UserInteractedSchema, search, 'json')).reason).toContain(
      'needs a query',
    );
    const view = create(UserInteractedSchema, { ...base, kind: InteractionKind.VIEW, productId: 'p-1' });
    expect(() => encodeMessage(UserInteractedSchema, view, 'json')).not.toThrow();
  });

  it('gives a ContractError for a payload that is not JSON', () => {
    const err = caught(() =>
      decodeMessage(ReviewSubmittedSchema, new TextEncoder().encode('{"rating": 4'), 'application/json'),
    );
    expect(err.kind).toBe('undecodable');
  });

  it('gives a ContractError for bytes that are not the protobuf message', () => {
    const err = caught(() =>
      decodeMessage(ReviewSubmittedSchema, new Uint8Array([0xff, 0xff, 0xff, 0xff]), 'application/protobuf'),
    );
    expect(err.kind).toBe('undecodable');
  });

  it('gives a ContractError for JSON of the wrong shape', () => {
    const err = caught(() =>
      decodeMessage(ReviewSubmittedSchema, new TextEncoder().encode('{"rating": "five"}')),
    );
    expect(err.kind).toBe('undecodable');
    expect(err.reason).toContain('rating');
  });
});

describe('tenant isolation', () => {
  it('accepts an event whose envelope tenant is the subject tenant', () => {
    expect(() => assertTenantMatches(review(), Events.reviewSubmitted.subject('acme'))).not.toThrow();
  });

  it('refuses an event whose envelope names another tenant than its subject', () => {
    const err = caught(() =>
      assertTenantMatches(review({ tenant: 'globex' }), Events.reviewSubmitted.subject('acme')),
    );
    expect(err.kind).toBe('tenant_mismatch');
    expect(err.reason).toContain('globex');
  });

  it('checks the request meta tenant of a query', () => {
    const req = create(ReviewSummaryRequestSchema, {
      meta: { requestId: 'q1', tenantId: 'acme' },
      productId: 'p',
    });
    expect(() => assertTenantMatches(req, Queries.reviewSummary.subject('acme'))).not.toThrow();
    expect(caught(() => assertTenantMatches(req, Queries.reviewSummary.subject('globex'))).kind).toBe(
      'tenant_mismatch',
    );
  });

  it('refuses a message that carries no tenant at all', () => {
    expect(caught(() => assertTenantMatches({}, 'shop.acme.review.submitted')).kind).toBe('tenant_mismatch');
  });

  it('finds the envelope of an event and none on a query', () => {
    expect(envelopeOf(review())?.eventId).toBe('evt-1');
    expect(envelopeOf(create(ReviewSummaryRequestSchema))).toBeUndefined();
    expect(envelopeOf('not a message')).toBeUndefined();
  });
});
