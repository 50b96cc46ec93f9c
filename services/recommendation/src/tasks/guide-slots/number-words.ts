// Numbers as shoppers write them, rewritten as digits so the age and money parsers see one form:
// number words up to ninety-nine ("twenty-five", "eleven") and whole hundreds ("a hundred"), ordinals ("seventh" = "7th"), halves
// ("two and a half" = 2.5, "a year and a half" = 1.5 years, "3 1/2" and "3½" = 3.5), simple
// fractions, and Chinese numerals before an age or money unit ("五岁" = "5岁").
import { parseChineseNumber } from '@shopmind/vocabulary';

const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const ORDINALS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
  thirtieth: 30,
  fortieth: 40,
  fiftieth: 50,
  sixtieth: 60,
  seventieth: 70,
  eightieth: 80,
  ninetieth: 90,
};
const VULGAR_FRACTIONS: Record<string, number> = { '½': 0.5, '¼': 0.25, '¾': 0.75, '⅓': 1 / 3, '⅔': 2 / 3 };

const alternation = (words: Iterable<string>): string =>
  [...words].sort((a, b) => b.length - a.length).join('|');

const CARDINAL_OR_ORDINAL = new RegExp(
  String.raw`\b(?:(${alternation(Object.keys(TENS))})(?:[\s-](${alternation([...Object.keys(UNITS), ...Object.keys(ORDINALS)])}))?|(${alternation(Object.keys(UNITS))})|(${alternation(Object.keys(ORDINALS))}))\b`,
  'g',
);

function ordinalSuffix(n: number): string {
  if (n % 100 >= 11 && n % 100 <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
}

const decimal = (n: number): string => String(Math.round(n * 100) / 100);

/** "one" is a number only where an amount or an age follows or is being stated, not in "this one". */
const ONE_AS_NUMBER_AFTER =
  /^(?:\s|-)(?:years?|yrs?|months?|and a half|and half|euros?|pounds?|dollars?|quid|bucks?|hundred)\b/;
const ONE_AS_NUMBER_BEFORE =
  /\b(?:is|'s|are|was|turning|turns|turned|turn|aged?|about|around|under|over|only|just|actually|almost|nearly)\s$/;

function wordsToDigits(text: string): string {
  return text.replace(
    CARDINAL_OR_ORDINAL,
    (whole, tens?: string, tail?: string, unit?: string, ordinal?: string, at?: number) => {
      if (unit === 'one') {
        const after = text.slice(at! + whole.length);
        const before = text.slice(Math.max(0, at! - 12), at!);
        return ONE_AS_NUMBER_AFTER.test(after) || ONE_AS_NUMBER_BEFORE.test(before) ? '1' : whole;
      }
      if (unit !== undefined) return String(UNITS[unit]);
      if (ordinal !== undefined) return `${ORDINALS[ordinal]}${ordinalSuffix(ORDINALS[ordinal])}`;
      const base = TENS[tens!];
      if (tail === undefined) return String(base);
      if (tail in ORDINALS && ORDINALS[tail] < 10) {
        const n = base + ORDINALS[tail];
        return `${n}${ordinalSuffix(n)}`;
      }
      // "twenty eleven" is not a number: leave the pair as it was written.
      return tail in UNITS && UNITS[tail] < 10 && UNITS[tail] > 0 ? String(base + UNITS[tail]) : whole;
    },
  );
}

/** "a hundred", "2 hundred and 50" (after the words below a hundred are digits) → 100, 250. */
function hundreds(text: string): string {
  return text.replace(
    /\b(?:(a|1|[2-9]) )?hundred(?: and (\d{1,2}))?\b/g,
    (whole, n?: string, rest?: string) => {
      if (n === undefined && !/^hundred/.test(whole)) return whole;
      const count = n === undefined || n === 'a' ? 1 : Number(n);
      return String(count * 100 + (rest ? Number(rest) : 0));
    },
  );
}

/** `text` (lower case) with every number it states written in digits. */
export function numbersAsDigits(text: string): string {
  let t = hundreds(wordsToDigits(text));
  t = t.replace(/[零一二两三四五六七八九十]+(?=\s*(?:周岁|岁|个月|元|块))/g, (n) => {
    const value = parseChineseNumber(n);
    return value === undefined ? n : String(value);
  });
  t = t.replace(/\ba (year|month)s? and a half\b/g, '1.5 $1s');
  t = t.replace(/\bhalf a year\b/g, '6 months');
  t = t.replace(/\b(\d+)\s+and\s+(?:a\s+)?half\b/g, (_, n: string) => decimal(Number(n) + 0.5));
  t = t.replace(/\b(\d+)\s+and\s+a\s+quarter\b/g, (_, n: string) => decimal(Number(n) + 0.25));
  t = t.replace(/\b(\d+)\s*([½¼¾⅓⅔])/g, (_, n: string, f: string) =>
    decimal(Number(n) + VULGAR_FRACTIONS[f]),
  );
  t = t.replace(/\b(\d+)\s+([1-3])\/([2-4])\b/g, (whole, n: string, a: string, b: string) =>
    Number(a) < Number(b) ? decimal(Number(n) + Number(a) / Number(b)) : whole,
  );
  return t;
}
