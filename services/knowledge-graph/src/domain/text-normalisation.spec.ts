import { describe, expect, it } from '@jest/globals';
import { normalisePhrase, normaliseText } from './text-normalisation.js';

describe('normaliseText', () => {
  it('lowercases, folds compatibility forms and curly quotes, and leaves plain text as it is', () => {
    expect(normaliseText('Kids’ ﬁre truck')).toBe("kids' fire truck");
    expect(normaliseText('wooden train set')).toBe('wooden train set');
  });

  it('turns any run of whitespace into one space and trims punctuation at both ends only', () => {
    expect(normaliseText(' \t(Solid  oak,\u00a0beech).\n')).toBe('solid oak, beech');
    expect(normaliseText('...')).toBe('');
    expect(normaliseText('')).toBe('');
  });

  it('respells whole words only', () => {
    expect(normaliseText('Gray multi-color Aluminum')).toBe('grey multicolour aluminium');
    expect(normaliseText('grayscale colorful')).toBe('grayscale colorful');
  });
});

describe('normalisePhrase', () => {
  it('makes the last word singular', () => {
    expect(normalisePhrase('Board Games')).toBe('board game');
    expect(normalisePhrase('  ')).toBe('');
  });
});
