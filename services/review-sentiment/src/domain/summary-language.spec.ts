import { describe, expect, it } from '@jest/globals';
import { UNSUPPORTED_LANGUAGE } from '@shopmind/vocabulary';
import { summaryLanguageFor } from './summary-language.js';

describe('the language of a review summary', () => {
  it('is the request’s locale when the local tier writes it', () => {
    expect(summaryLanguageFor('zh', 'en')).toEqual({ language: 'zh' });
    expect(summaryLanguageFor('zh-CN', 'en')).toEqual({ language: 'zh' });
    expect(summaryLanguageFor('zh-Hans-CN', 'en')).toEqual({ language: 'zh' });
    expect(summaryLanguageFor('en-GB', 'zh')).toEqual({ language: 'en' });
  });

  it('is the shop’s default when the request names none', () => {
    expect(summaryLanguageFor('', 'zh')).toEqual({ language: 'zh' });
    expect(summaryLanguageFor('', 'en')).toEqual({ language: 'en' });
  });

  it('falls back to English marked unsupported_language for a locale the local tier cannot write', () => {
    for (const locale of ['de', 'fr-FR', 'ja'])
      expect(summaryLanguageFor(locale, 'zh')).toEqual({
        language: 'en',
        degradedReason: UNSUPPORTED_LANGUAGE,
      });
    expect(summaryLanguageFor('', 'de-AT')).toEqual({ language: 'en', degradedReason: UNSUPPORTED_LANGUAGE });
  });

  it('gives Traditional-script Chinese locales the Simplified text, marked degraded', () => {
    for (const locale of ['zh-TW', 'zh-Hant', 'zh-HK'])
      expect(summaryLanguageFor(locale, 'en')).toEqual({
        language: 'zh',
        degradedReason: UNSUPPORTED_LANGUAGE,
      });
  });
});
