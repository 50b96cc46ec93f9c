import { describe, expect, it } from '@jest/globals';
import { headers as natsHeaders } from '@nats-io/transport-node';
import type { DeliveryInfo } from '@nats-io/jetstream';
import { buildDeadLetter } from './dead-letter.js';

function original() {
  const h = natsHeaders();
  h.set('content-type', 'application/protobuf');
  h.set('traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
  h.set('Nats-Msg-Id', 'shop-1');
  h.set('Nats-Expected-Stream', 'SHOP_EVENTS');
  h.append('x-shop', 'a');
  h.append('x-shop', 'b');
  return {
    headers: h,
    data: new Uint8Array([1, 2, 3]),
    info: { stream: 'SHOP_EVENTS', streamSequence: 42, deliveryCount: 5 } as DeliveryInfo,
  };
}

describe('buildDeadLetter', () => {
  const letter = buildDeadLetter({
    service: 'review-sentiment',
    consumer: 'review-sentiment__review_submitted',
    logicalSubject: 'shop.acme.review.submitted',
    msg: original(),
    reason: 'contract invalid: rating: must be <= 5\nsecond line',
  });

  it('goes to the service dead-letter subject with the original payload and its own de-dup id', () => {
    expect(letter.subject).toBe('dlq.review-sentiment.shop.acme.review.submitted');
    expect([...letter.data]).toEqual([1, 2, 3]);
    expect(letter.msgId).toBe('dlq:SHOP_EVENTS:42:review-sentiment__review_submitted');
  });

  it('has another de-dup id for every consumer that dead-letters the same message', () => {
    const other = buildDeadLetter({
      service: 'fraud-detection',
      consumer: 'fraud-detection__review_submitted',
      logicalSubject: 'shop.acme.review.submitted',
      msg: original(),
      reason: 'contract invalid: rating: must be <= 5',
    });
    expect(other.msgId).toBe('dlq:SHOP_EVENTS:42:fraud-detection__review_submitted');
    expect(other.msgId).not.toBe(letter.msgId);
  });

  it('keeps the original headers except NATS control headers', () => {
    expect(letter.headers.get('content-type')).toBe('application/protobuf');
    expect(letter.headers.get('traceparent')).toContain('0af7651916cd43dd8448eb211c80319c');
    expect(letter.headers.values('x-shop')).toEqual(['a', 'b']);
    expect(letter.headers.has('Nats-Msg-Id')).toBe(false);
    expect(letter.headers.has('Nats-Expected-Stream')).toBe(false);
  });

  it('says why, on which delivery, and where the message came from, on one header line', () => {
    expect(letter.headers.get('Shopmind-Dlq-Reason')).toBe(
      'contract invalid: rating: must be <= 5 second line',
    );
    expect(letter.headers.get('Shopmind-Dlq-Delivery-Count')).toBe('5');
    expect(letter.headers.get('Shopmind-Dlq-Original-Subject')).toBe('shop.acme.review.submitted');
    expect(letter.headers.get('Shopmind-Dlq-Stream')).toBe('SHOP_EVENTS');
    expect(letter.headers.get('Shopmind-Dlq-Stream-Sequence')).toBe('42');
    expect(letter.headers.get('Shopmind-Dlq-Consumer')).toBe('review-sentiment__review_submitted');
  });
});

describe('buildDeadLetter for a subject that names no single subject', () => {
  it('goes to dlq.<service>.unroutable and keeps the original subject in its header', () => {
    const letter = buildDeadLetter({
      service: 'review-sentiment',
      consumer: 'review-sentiment__review_submitted',
      logicalSubject: 'shop.*.review.submitted',
      msg: original(),
      reason: 'contract invalid_subject: no tenant',
    });
    expect(letter.subject).toBe('dlq.review-sentiment.unroutable');
    expect(letter.headers.get('Shopmind-Dlq-Original-Subject')).toBe('shop.*.review.submitted');
    expect(letter.msgId).toBe('dlq:SHOP_EVENTS:42:review-sentiment__review_submitted');
  });
});
