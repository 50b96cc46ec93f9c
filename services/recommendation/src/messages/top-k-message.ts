// TopKRequest (contract) → what the recommender is asked; its answer → TopKReply.
import { create } from '@bufbuild/protobuf';
import {
  ReplyMetaSchema,
  SourceTier,
  TopKReplySchema,
  type TopKReply,
  type TopKRequest,
} from '@shopmind/contracts';
import type { QueryContext } from '@shopmind/bus';
import type { RecommendationList } from '../domain/recommender.js';
import type { Price } from '../domain/product-facts.js';

export type Seed =
  | { kind: 'user'; userId: string }
  | { kind: 'product'; productId: string }
  | { kind: 'cart'; productIds: string[] };

export interface TopKQuestion {
  seed: Seed;
  k: number;
  exclude: string[];
  category?: string;
  minPrice?: Price;
  maxPrice?: Price;
}

export function topKQuestionOf(req: TopKRequest): TopKQuestion {
  const seed: Seed =
    req.seed.case === 'userId'
      ? { kind: 'user', userId: req.seed.value }
      : req.seed.case === 'productId'
        ? { kind: 'product', productId: req.seed.value }
        : { kind: 'cart', productIds: [...new Set(req.seed.value?.productIds ?? [])] };
  return {
    seed,
    k: req.k,
    exclude: req.excludeProductIds,
    category: req.category || undefined,
    minPrice: req.minPrice
      ? { currency: req.minPrice.currency, amountMinor: req.minPrice.amountMinor }
      : undefined,
    maxPrice: req.maxPrice
      ? { currency: req.maxPrice.currency, amountMinor: req.maxPrice.amountMinor }
      : undefined,
  };
}

export function topKReplyOf(list: RecommendationList, ctx: QueryContext): TopKReply {
  return create(TopKReplySchema, {
    meta: create(ReplyMetaSchema, {
      requestId: ctx.requestId,
      correlationId: ctx.correlationId || ctx.requestId,
      source: { tier: SourceTier.STORE, provider: 'recommendation' },
    }),
    strategy: list.strategy,
    items: list.items.map(({ product, score, reasons }) => ({
      productId: product.id,
      score,
      title: product.title,
      reasons,
      price: product.price,
      url: product.url,
      imageUrl: product.imageUrl,
    })),
  });
}
