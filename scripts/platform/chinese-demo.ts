// The demo's Chinese part, beside the English toy shop: a few reviews of the teddy bear written by
// Chinese shoppers (one mixing in English), replayed with the shop's events, whose summary the demo
// asks for in Chinese; and a Chinese shopping-guide conversation. The reviews have fixed event ids,
// so a second run of the demo counts them once, like the rest of the replay.
import type { ReplayLine } from '../demo/toy-shop-generator.js';

/** The product the Chinese shoppers review: none of the toy shop's own reviews is about it. */
export const CHINESE_REVIEWED = 'p-plush-bear';

const DAY = 24 * 60 * 60 * 1000;

const REVIEWS: readonly { daysAgo: number; rating: number; title: string; body: string }[] = [
  {
    daysAgo: 9,
    rating: 5,
    title: '非常柔软',
    body: '小熊摸起来特别软，有机棉的料子很舒服，女儿每天晚上都抱着睡觉。',
  },
  {
    daysAgo: 6,
    rating: 4,
    title: '质量不错',
    body: '做工挺好的，缝线很整齐，洗了两次也没有变形。就是快递慢了三天。',
  },
  {
    daysAgo: 4,
    rating: 2,
    title: '比想象的小',
    body: '实物比图片小很多，价格有点贵，不太值。',
  },
  {
    daysAgo: 2,
    rating: 5,
    title: 'Perfect gift',
    body: '送给侄女的生日礼物，包装很精美，she loves it！',
  },
];

/** The Chinese reviews as replay lines for `tenant`, the last one a day before `endAt`. */
export function chineseReviews(tenant: string, endAt: number): ReplayLine[] {
  return REVIEWS.map((r, i) => {
    const at = new Date(endAt - r.daysAgo * DAY).toISOString();
    const n = String(i + 1).padStart(2, '0');
    return {
      subject: `shop.${tenant}.review.submitted`,
      data: {
        envelope: {
          eventId: `${tenant}-zh-review-${n}`,
          occurredAt: at,
          producer: 'toy-shop',
          tenantId: tenant,
          schemaVersion: 1,
        },
        reviewId: `rv-zh-${n}`,
        productId: CHINESE_REVIEWED,
        userId: `u-zh-${n}`,
        rating: r.rating,
        title: r.title,
        body: r.body,
        // Declared by the shop, as most review platforms do; the text is what decides.
        language: 'zh',
        verifiedPurchase: true,
        accountCreatedAt: new Date(endAt - (400 + 30 * i) * DAY).toISOString(),
      },
    };
  });
}

/** The Chinese shopper's turns: the chat opened, a wish, then a follow-up. */
export const CHINESE_GUIDE_TURNS = [
  '',
  '我想给5岁的侄女买个生日礼物，她喜欢恐龙，100元以内，不要电池',
  '有没有便宜一点的？',
] as const;
