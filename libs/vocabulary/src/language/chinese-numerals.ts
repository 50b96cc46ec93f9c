// Numbers as Chinese shop texts write them: Arabic digits (3, 1.5, 200), Chinese numerals (十八,
// 两百, 三千五百) and the spoken short forms where a trailing digit is one unit below the last one
// named (一百五 = 150, 两千五 = 2500, 一万二 = 12000). 半 ("half") is left to the caller, who knows
// what it is half of (一岁半 = 1.5 years, 一百五十块半 is not a thing shops write).

const DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  俩: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const UNITS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };
const MYRIADS: Readonly<Record<string, number>> = { 万: 10_000, 亿: 100_000_000 };

/** One number written with Arabic digits or Chinese numerals, as a RegExp source (no groups). */
export const CHINESE_NUMBER_SOURCE = String.raw`(?:\d+(?:\.\d+)?|[零〇一二两俩三四五六七八九十百千万亿]+)`;

/**
 * The value of `text` when all of it is one number (see the file comment), else undefined.
 * Full-width digits count as digits.
 */
export function parseChineseNumber(text: string): number | undefined {
  const s = text.normalize('NFKC').trim();
  if (s === '') return undefined;
  if (/^\d+(?:\.\d+)?$/.test(s)) return Number(s);
  if (!/^[零〇一二两俩三四五六七八九十百千万亿]+$/.test(s)) return undefined;

  let total = 0; // completed myriad groups
  let section = 0; // below the current myriad
  let digit: number | undefined; // a digit not yet given a unit
  let lastUnit = 0; // the unit most recently applied, for the spoken short form
  let lastWasZero = false;
  for (const ch of s) {
    if (ch in DIGITS) {
      if (digit !== undefined) return undefined; // 一二 is not a number
      digit = DIGITS[ch];
      lastWasZero = digit === 0;
      if (lastWasZero) digit = undefined;
    } else if (ch in UNITS) {
      const unit = UNITS[ch]!;
      // 十 alone or leading (十八) means 一十.
      section += (digit ?? (section === 0 ? 1 : undefined) ?? NaN) * unit;
      if (Number.isNaN(section)) return undefined;
      digit = undefined;
      lastUnit = unit;
      lastWasZero = false;
    } else {
      const myriad = MYRIADS[ch]!;
      section += digit ?? 0;
      if (section === 0) return undefined;
      total += section * myriad;
      section = 0;
      digit = undefined;
      lastUnit = myriad;
      lastWasZero = false;
    }
  }
  if (digit !== undefined) {
    // 一百五 = 150: a trailing digit right after a unit (no 零 between) is one unit below it.
    section +=
      lastUnit >= 100 && !lastWasZero && !/[零〇]/.test(s.slice(-2, -1)) ? (digit * lastUnit) / 10 : digit;
  }
  return total + section;
}
