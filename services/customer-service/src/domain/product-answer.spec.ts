import { describe, expect, it } from '@jest/globals';
import { guideUnavailableReply, productFactsReply, type ProductFacts } from './product-answer.js';

const facts: ProductFacts = {
  title: '木制积木',
  brand: 'Hape',
  materials: ['wood', 'unobtainium'],
  colors: ['red'],
  features: ['magnetic'],
  ageMin: 3,
  ageMax: 6,
  audiences: ['kids'],
  occasions: [],
  praisedFor: ['durability'],
  criticizedFor: [],
};

describe('product facts in Chinese', () => {
  it('state the facts the shared vocabulary names in Chinese, and leave out the rest rather than show English', () => {
    const reply = productFactsReply(facts, 'zh');
    expect(reply.stated).toBe(true);
    expect(reply.text).toBe(
      '“木制积木”：品牌：Hape；材质：木质；颜色：红色；适合 3 到 6 岁；适用人群：儿童。',
    );
    expect(reply.text).not.toMatch(/magnetic|durability|unobtainium/);
  });

  it('say there are no details when nothing can be stated, offering a person', () => {
    const bare = {
      ...facts,
      brand: undefined,
      materials: [],
      colors: [],
      ageMin: undefined,
      ageMax: undefined,
      audiences: [],
    };
    expect(productFactsReply(bare, 'zh')).toEqual({
      text: expect.stringContaining('我们有售“木制积木”'),
      stated: false,
    });
    expect(guideUnavailableReply('zh')).toContain('导购');
  });

  it('keep the English reply as it was', () => {
    expect(productFactsReply(facts).text).toMatch(/^The 木制积木 is by Hape, made of wood and unobtainium/);
  });
});
