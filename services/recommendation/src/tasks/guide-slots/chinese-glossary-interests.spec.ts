// Interests outside the cue list, named through the CC-CEDICT glossary: phrasings of its own (not
// lines of the eval sets).
import { describe, expect, it } from '@jest/globals';
import { interestOfGloss } from './chinese-glossary-interests.js';
import { extractSlotsLocally } from './local-slot-extractor.js';

const interests = (text: string) => extractSlotsLocally({ text, defaultCurrency: 'CNY' }).interests;

describe('Chinese interests from the glossary', () => {
  it('reads the noun a liking introduces, in the English extractor’s singular form', () => {
    expect(interests('我外甥特别喜欢海豚')).toEqual(['dolphin']);
    expect(interests('她爱看长颈鹿')).toEqual(['giraffe']);
    expect(interests('闺女迷上了芭蕾')).toEqual(['ballet']);
    expect(interests('孩子对化学很感兴趣')).toEqual(['chemistry']);
  });

  it('reads the product a request names, skipping measure words but not into a longer word', () => {
    expect(interests('想给爸爸买个台灯')).toEqual(['desk lamp']);
    expect(interests('有没有地球仪')).toEqual(['globe']);
    expect(interests('想要一个放大镜')).toEqual(['magnifying glass']);
  });

  it('reads a list joined by 和 / 、, together with the cue list’s topics, in the order written', () => {
    expect(interests('他喜欢恐龙和企鹅')).toEqual(['dinosaurs', 'penguin']);
    expect(interests('喜欢老虎、狮子和熊猫')).toEqual(['tiger', 'lion', 'panda']);
  });

  it('reads single-character nouns after a cue (球, 花)', () => {
    expect(interests('宝宝喜欢球')).toEqual(['ball']);
    expect(interests('女儿爱小花')).toEqual(['flower']);
  });

  it('names no interest where there is none: a denial, a gift or a toy, people, cute things', () => {
    expect(interests('他不喜欢熊猫')).toEqual([]);
    expect(interests('想给同事买个礼物')).toEqual([]);
    expect(interests('想买个玩具')).toEqual([]);
    expect(interests('这只熊猫很可爱')).toEqual([]);
  });
});

describe('interestOfGloss', () => {
  it('keeps what English keeps and drops what English drops', () => {
    expect(interestOfGloss('slippers')).toBe('slipper');
    expect(interestOfGloss('gift')).toBeUndefined();
    expect(interestOfGloss('thing')).toBeUndefined();
    expect(interestOfGloss('month')).toBeUndefined();
  });
});
