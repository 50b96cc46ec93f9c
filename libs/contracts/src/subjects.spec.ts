import { create, type DescMessage } from '@bufbuild/protobuf';
import { createValidator } from '@bufbuild/protovalidate';
import { describe, expect, it } from '@jest/globals';
import {
  consumerName,
  ContractError,
  deadLetterSubject,
  EnvelopeSchema,
  eventForSubject,
  Events,
  Queries,
  ReplyMetaSchema,
  RequestMetaSchema,
  Streams,
  isConcreteSubject,
  tenantOfSubject,
  unroutableDeadLetterSubject,
} from './index.js';

function firstField(schema: DescMessage) {
  const f = schema.fields.find((x) => x.number === 1);
  return f?.fieldKind === 'message' ? { name: f.name, type: f.message.typeName } : undefined;
}

describe('subject catalogue', () => {
  it('puts inbound events on shop.<tenant>.<domain>.<event> in SHOP_EVENTS', () => {
    expect(Events.reviewSubmitted.subject('acme')).toBe('shop.acme.review.submitted');
    expect(Events.reviewSubmitted.filter).toBe('shop.*.review.submitted');
    expect(Events.productUpserted.subject('acme')).toBe('shop.acme.catalog.product_upserted');
    expect(Events.orderPlaced.subject('acme')).toBe('shop.acme.order.placed');
    expect(Events.reviewSubmitted.stream).toBe(Streams.shopEvents.name);
  });

  it('puts results on ai.<tenant>.<domain>.<event> in AI_RESULTS', () => {
    expect(Events.reviewAnalysed.subject('acme')).toBe('ai.acme.review.analysed');
    expect(Events.orderScored.subject('acme')).toBe('ai.acme.fraud.order_scored');
    expect(Events.supportEscalated.stream).toBe('AI_RESULTS');
  });

  it('lists exactly the seventeen events (the sixteen of the design and the erasure request) and streams that capture each of them', () => {
    expect(
      Object.values(Events)
        .map((e) => `${e.direction}:${e.key}`)
        .sort(),
    ).toEqual([
      'inbound:catalog.product_deleted',
      'inbound:catalog.product_upserted',
      'inbound:interaction.user_interacted',
      'inbound:order.chargeback_reported',
      'inbound:order.placed',
      'inbound:order.status_changed',
      'inbound:privacy.erasure_requested',
      'inbound:review.submitted',
      'inbound:support.message_received',
      'result:copy.generated',
      'result:fraud.alert',
      'result:fraud.order_scored',
      'result:fraud.review_flagged',
      'result:graph.updated',
      'result:review.analysed',
      'result:support.escalated',
      'result:support.replied',
    ]);
  });

  it('puts queries on q.<tenant>.… which no stream captures', () => {
    expect(Queries.reviewSummary.subject('acme')).toBe('q.acme.reviews.summary');
    expect(Queries.recommendTopK.filter).toBe('q.*.recommendation.top_k');
    const streamPrefixes = Object.values(Streams)
      .flatMap((s) => s.subjects)
      .map((s) => s.split('.')[0]);
    for (const q of Object.values(Queries))
      expect(streamPrefixes).not.toContain(q.subject('acme').split('.')[0]);
  });

  it('refuses a tenant that is not one subject token', () => {
    for (const bad of ['acme.shop', 'acme*', '>', '', 'Acme', 'a b']) {
      expect(() => Events.reviewSubmitted.subject(bad)).toThrow(ContractError);
    }
  });

  it('names dead letters, consumers and the tenant of a subject', () => {
    expect(deadLetterSubject('review-sentiment', 'shop.acme.review.submitted')).toBe(
      'dlq.review-sentiment.shop.acme.review.submitted',
    );
    expect(() => deadLetterSubject('review-sentiment', 'shop.*.review.submitted')).toThrow(ContractError);
    expect(consumerName('review-sentiment', Events.reviewSubmitted)).toBe(
      'review-sentiment__review_submitted',
    );
    expect(tenantOfSubject('shop.acme.review.submitted')).toBe('acme');
    expect(tenantOfSubject('q.globex.fraud.score')).toBe('globex');
    expect(tenantOfSubject('dlq.review-sentiment.shop.acme.review.submitted')).toBe('acme');
    expect(() => tenantOfSubject('shop')).toThrow(ContractError);
  });

  it('sends a dead letter whose original subject is not concrete to dlq.<service>.unroutable, which names no tenant', () => {
    for (const wildcard of ['shop.*.review.submitted', 'shop.>.review.submitted', 'shop..review.submitted']) {
      expect(isConcreteSubject(wildcard)).toBe(false);
    }
    expect(isConcreteSubject('shop.acme.review.submitted')).toBe(true);
    expect(unroutableDeadLetterSubject('review-sentiment')).toBe('dlq.review-sentiment.unroutable');
    // '' is no tenant: it never matches TENANT_PATTERN, so it cannot pass for a shop.
    expect(tenantOfSubject('dlq.review-sentiment.unroutable')).toBe('');
    expect(() => tenantOfSubject('dlq.review-sentiment.shop.*.review.submitted')).toThrow(ContractError);
  });

  it('finds the event definition of a concrete subject', () => {
    expect(eventForSubject('shop.acme.review.submitted')).toBe(Events.reviewSubmitted);
    expect(eventForSubject('ai.acme.review.analysed')).toBe(Events.reviewAnalysed);
    expect(eventForSubject('q.acme.reviews.summary')).toBeUndefined();
  });

  it('gives every event an envelope, every request a meta and every reply a reply meta as field 1', () => {
    for (const e of Object.values(Events)) {
      expect({ key: e.key, f: firstField(e.schema) }).toEqual({
        key: e.key,
        f: { name: 'envelope', type: EnvelopeSchema.typeName },
      });
    }
    for (const q of Object.values(Queries)) {
      expect(firstField(q.request)).toEqual({ name: 'meta', type: RequestMetaSchema.typeName });
      expect(firstField(q.reply)).toEqual({ name: 'meta', type: ReplyMetaSchema.typeName });
    }
  });

  it('compiles the validation rules of every message (an empty message is invalid, never a rule error)', () => {
    const validator = createValidator();
    const schemas = [
      ...Object.values(Events).map((e) => e.schema),
      ...Object.values(Queries).flatMap((q) => [q.request, q.reply]),
    ];
    for (const schema of schemas) {
      const result = validator.validate(schema, create(schema));
      expect({
        type: schema.typeName,
        kind: result.kind,
        error: result.kind === 'error' ? result.error.message : '',
      }).toEqual({
        type: schema.typeName,
        kind: 'invalid',
        error: '',
      });
    }
  });
});
