// ShoppingGuideRequest (contract) → the guide's question; its answer → ShoppingGuideReply.
import { create } from '@bufbuild/protobuf';
import type { QueryContext } from '@shopmind/bus';
import {
  ReplyMetaSchema,
  ShoppingGuideReplySchema,
  SourceTier,
  type ShoppingGuideReply,
  type ShoppingGuideRequest,
} from '@shopmind/contracts';
import { voiceFor } from '../domain/guide/guide-voices.js';
import type { GuideAnswer } from '../domain/guide/guide-turn.js';
import type { GuideQuestion } from '../application/shopping-guide.js';
import { guideProfileMessage } from './guide-profile-message.js';

export function guideQuestionOf(req: ShoppingGuideRequest): GuideQuestion {
  return {
    conversationId: req.conversationId,
    userId: req.userId,
    text: req.text,
    k: req.k,
    locale: req.locale,
  };
}

export function guideReplyOf(
  answer: GuideAnswer,
  conversationId: string,
  ctx: QueryContext,
): ShoppingGuideReply {
  const { profile } = answer.state;
  return create(ShoppingGuideReplySchema, {
    meta: create(ReplyMetaSchema, {
      requestId: ctx.requestId,
      correlationId: ctx.correlationId || ctx.requestId,
      source: {
        tier: SourceTier.STORE,
        provider: 'recommendation',
        ...(answer.degradedReason ? { degradedReason: answer.degradedReason } : {}),
      },
    }),
    conversationId,
    text: answer.text,
    profile: guideProfileMessage(profile),
    missing: answer.missing,
    recommended: answer.recommended,
    recommendations: answer.picks.map((c, i) => ({
      productId: c.product.id,
      // Best first: the guide's order (interests matched, then the model's rank).
      score: (answer.picks.length - i) / answer.picks.length,
      title: c.product.title,
      reasons: voiceFor(answer.state.language).pickReasons(c, profile),
      price: c.product.price,
      url: c.product.url,
      imageUrl: c.product.imageUrl,
    })),
  });
}
