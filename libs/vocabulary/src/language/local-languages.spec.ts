import { describe, expect, it } from '@jest/globals';
import { isLocalLanguage, languageOfText, primaryLanguage } from './local-languages.js';
import { segmentWords } from './segment-words.js';

describe('languageOfText', () => {
  it('reads Chinese from the text whatever the shop declared', () => {
    expect(languageOfText('这个洗发水很好用，味道也好闻', 'en')).toBe('zh');
    expect(languageOfText('iPhone 15 手机壳质量不错')).toBe('zh');
  });

  it('does not take Japanese, which writes Han characters too, for Chinese', () => {
    expect(languageOfText('この商品はとても良かったです。品質も最高')).toBe('ja');
    expect(languageOfText('商品到着、品質良好です')).toBe('ja');
  });

  it('lets the declared language decide a text too short to tell, and falls back when neither says', () => {
    expect(languageOfText('ok', 'de-DE')).toBe('de');
    expect(languageOfText('!!! 10/10')).toBe('und');
    expect(languageOfText('!!! 10/10', undefined, 'en')).toBe('en');
    expect(languageOfText('!!! 10/10', 'zh-Hans-CN')).toBe('zh');
  });

  it('knows which languages the local tier covers', () => {
    expect(['en', 'zh', 'de', 'und'].map(isLocalLanguage)).toEqual([true, true, false, false]);
    expect(primaryLanguage('zh_CN')).toBe('zh');
  });
});

describe('segmentWords', () => {
  it('splits Chinese into words and drops punctuation', () => {
    const words = segmentWords('侄女过生日，不要电池！');
    expect(words).toContain('侄女');
    expect(words.join('')).toBe('侄女过生日不要电池');
  });
});
