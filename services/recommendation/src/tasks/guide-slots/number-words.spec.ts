import { describe, expect, it } from '@jest/globals';
import { numbersAsDigits } from './number-words.js';

describe('numbersAsDigits', () => {
  it('writes number words up to ninety-nine and whole hundreds as digits', () => {
    expect(numbersAsDigits('eleven, twenty-five, thirty two, ninety nine, a hundred and fifty')).toBe(
      '11, 25, 32, 99, 150',
    );
  });

  it('reads halves and simple fractions, in words, digits and symbols', () => {
    expect(numbersAsDigits('two and a half')).toBe('2.5');
    expect(numbersAsDigits('one and a half')).toBe('1.5');
    expect(numbersAsDigits('a year and a half')).toBe('1.5 years');
    expect(numbersAsDigits('3 1/2 and 4½ and 2 3/4')).toBe('3.5 and 4.5 and 2.75');
  });

  it('writes ordinals as 1st, 2nd, 21st', () => {
    expect(numbersAsDigits('her first, second, seventh and twenty-first birthday')).toBe(
      'her 1st, 2nd, 7th and 21st birthday',
    );
  });

  it('leaves "one" as a word where it is a pronoun, and reads it where an age or amount is meant', () => {
    expect(numbersAsDigits('this one or a cheaper one')).toBe('this one or a cheaper one');
    expect(numbersAsDigits('a one-year-old; she is one')).toBe('a 1-year-old; she is 1');
  });

  it('reads Chinese numerals before an age or money unit', () => {
    expect(numbersAsDigits('五岁，十二岁，二十五元')).toBe('5岁，12岁，25元');
  });
});
