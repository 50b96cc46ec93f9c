import { describe, expect, it } from '@jest/globals';
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import {
  Decision,
  FraudScoreReplySchema,
  Polarity,
  ReplyMetaSchema,
  ReviewSummaryReplySchema,
  RequestMetaSchema,
  SourceTier,
  encodeMessage,
  type WireFormat,
} from '@shopmind/contracts';
import { EncodedReplyBody, PreEncodedReply } from './encoded-reply.js';

const FORMATS: WireFormat[] = ['json', 'protobuf'];

const metas: MessageInitShape<typeof ReplyMetaSchema>[] = [
  { requestId: 'q-1' },
  { requestId: 'q-2', correlationId: 'corr "quoted" ✓', source: { tier: SourceTier.STORE, provider: 'x' } },
  { requestId: 'ünïcödé-🙂', correlationId: 'q', source: { tier: SourceTier.LOCAL, costUsd: 0.25 } },
];

const summaries = [
  create(ReviewSummaryReplySchema, {}),
  create(ReviewSummaryReplySchema, { productId: 'p-1' }),
  create(ReviewSummaryReplySchema, {
    productId: 'p-42',
    reviewCount: 1234,
    averageRating: 4.25,
    ratingDistribution: { one: 1, five: 7 },
    overallPolarity: Polarity.MIXED,
    overallScore: -0.125,
    pros: [{ aspect: 'quality', text: 'Sturdy — “solid” wood\nthat lasts', mentions: 3 }],
    cons: [{ aspect: 'delivery', text: 'Took forever', mentions: 1 }],
    aspects: [{ aspect: 'price', mentions: 2, positive: 1, negative: 1, score: 0, polarity: Polarity.MIXED }],
    quotes: [{ reviewId: 'r-1', text: 'Ça marche très bien 👍', rating: 5, polarity: Polarity.POSITIVE }],
    summaryText: 'Customers like it.',
    updatedAt: timestampFromMs(1_764_000_000_123),
  }),
];

describe('a pre-encoded reply', () => {
  it('is byte for byte the encoding of the whole reply, in JSON and in protobuf', () => {
    for (const summary of summaries) {
      const body = new EncodedReplyBody(ReviewSummaryReplySchema, summary);
      for (const meta of metas) {
        const whole = create(ReviewSummaryReplySchema, { ...summary, meta: create(ReplyMetaSchema, meta) });
        for (const format of FORMATS) {
          const expected = encodeMessage(ReviewSummaryReplySchema, whole, format).data;
          expect(Buffer.from(new PreEncodedReply(meta, body).encode(format))).toEqual(Buffer.from(expected));
        }
      }
    }
  });

  it('holds for another reply type too (a fraud score)', () => {
    const reply = create(FraudScoreReplySchema, {
      orderId: 'o-1',
      assessment: { score: 0.5, decision: Decision.REVIEW, reasons: [{ code: 'rule:x', contribution: 1 }] },
    });
    const meta = metas[1]!;
    for (const format of FORMATS) {
      const expected = encodeMessage(
        FraudScoreReplySchema,
        { ...reply, meta: create(ReplyMetaSchema, meta) },
        format,
      ).data;
      const got = new PreEncodedReply(meta, new EncodedReplyBody(FraudScoreReplySchema, reply)).encode(
        format,
      );
      expect(Buffer.from(got)).toEqual(Buffer.from(expected));
    }
  });

  it("ignores the body's own meta and keeps its bytes the same for every request", () => {
    const withMeta = create(ReviewSummaryReplySchema, {
      ...summaries[2],
      meta: create(ReplyMetaSchema, { requestId: 'stale' }),
    });
    const body = new EncodedReplyBody(ReviewSummaryReplySchema, withMeta);
    const first = Buffer.from(body.encoded('json'));
    for (const meta of metas) new PreEncodedReply(meta, body).encode('json');
    expect(Buffer.from(body.encoded('json'))).toEqual(first);
    expect(first.toString()).not.toContain('stale');
    expect(body.encoded('protobuf')).toBe(body.encoded('protobuf'));
  });

  it('refuses a message type whose field 1 is not meta', () => {
    expect(() => new EncodedReplyBody(RequestMetaSchema, create(RequestMetaSchema, {}))).toThrow(/meta/);
  });
});
