// The recipient's age in months from a normalised message (numbers already in digits). Ages with
// a unit are read first ("4 year old", "18 months", "3yo", "5岁"), then those a phrase implies
// ("turning 7", "her 5th birthday", "aged 8"); only after the budget has claimed its numbers are
// bare numbers read as years where a person is said to be them ("he's 5", "my son, 14,").
// "Turning N" and "N-th birthday" also state the occasion: a birthday.
import type { ClaimedSpans } from './claimed-spans.js';
import { PERSON_NOUNS } from './slot-lexicons.js';

export interface AgeFinding {
  months: number;
  birthday: boolean;
  start: number;
}

const N = String.raw`(\d{1,3}(?:\.\d+)?)`;
const YEARS = String.raw`(?:years?|yrs?|yo|y\/o|y\.o\.?|yr)`;
const MONTHS = String.raw`(?:months?|mos?|mths?|m\/o)`;
const OLD = String.raw`(?:\s*-?\s*olds?\b)?`;
const PERSON = `(?:${[...PERSON_NOUNS].join('|')})`;
/** Before a duration these make it a span of time, not an age ("in 6 months", "for 3 years"). */
const TIME_SPAN_BEFORE = /\b(?:in|for|within|after|every|over|last|next|past|than)\s+$/;
/** Before a bare number these make it something other than an age that was stated. */
const NOT_STATED_BEFORE = /\b(?:not|almost|nearly|over|under|below|above|than|about to be)\s+$/;

type Unit = 'years' | 'months';

interface AgePattern {
  re: RegExp;
  /** A bare duration ("6 months", without "old") after "in", "for", … is a span of time. */
  duration?: boolean;
  /** The unit when the match has none of its own (group 2). */
  unit: Unit;
  birthday: boolean;
  /** Read before the budget (a unit or phrase makes it an age) or after it (a bare number). */
  pass: 'unit' | 'bare';
}

const PATTERNS: AgePattern[] = [
  {
    re: new RegExp(String.raw`\b${N}\s*-?\s*(${MONTHS})\b${OLD}`, 'g'),
    duration: true,
    unit: 'months',
    birthday: false,
    pass: 'unit',
  },
  {
    re: new RegExp(String.raw`\b${N}\s*-?\s*(${YEARS})\b${OLD}`, 'g'),
    duration: true,
    unit: 'years',
    birthday: false,
    pass: 'unit',
  },
  { re: new RegExp(String.raw`${N}\s*(个月)`, 'g'), unit: 'months', birthday: false, pass: 'unit' },
  { re: new RegExp(String.raw`${N}\s*(?:周岁|岁)`, 'g'), unit: 'years', birthday: false, pass: 'unit' },
  {
    re: new RegExp(String.raw`\b(?:turning|turns|turn)\s+${N}\b(?!\s*(?:%|[€£$¥]|st|nd|rd|th)\b)`, 'g'),
    unit: 'years',
    birthday: true,
    pass: 'unit',
  },
  {
    re: new RegExp(String.raw`\bturned\s+${N}\b(?!\s*%)`, 'g'),
    unit: 'years',
    birthday: false,
    pass: 'unit',
  },
  {
    re: new RegExp(String.raw`\b(\d{1,3})(?:st|nd|rd|th)\s+(?:birthday|bday|b-day|b'day)`, 'g'),
    unit: 'years',
    birthday: true,
    pass: 'unit',
  },
  {
    re: new RegExp(String.raw`\b(?:aged?|ages)\s*:?\s*(?:about |around |roughly )?${N}\b`, 'g'),
    unit: 'years',
    birthday: false,
    pass: 'unit',
  },
  {
    // "a girl of about 9": a person "of" a number is an age, before "about 9" can be read as a budget.
    re: new RegExp(String.raw`\b${PERSON}\s+of\s+(?:about |around )?${N}\b(?!\s*[%€£$¥])`, 'g'),
    unit: 'years',
    birthday: false,
    pass: 'unit',
  },
  {
    // "he's 5", "my brother is 30 and …", "she is actually 6", "my nephew's 3", "she will be 4"
    re: new RegExp(
      String.raw`\b(?:he|she|they|who|${PERSON})(?:'s|\s+is|\s+are|\s+was|\s+will be|'ll be)\s+(?:(?:actually|about|around|only|just|now|really|already|probably|roughly)\s+)*${N}(?=\s*$|\s*[,.;!?)]|\s+(?:and|but|so|now|next|this|in|on|not|or|already|soon|today|yet|too|though|actually|with|who|&)\b)`,
      'g',
    ),
    unit: 'years',
    birthday: false,
    pass: 'bare',
  },
  {
    // "my son, 14, likes …", "my son (11) wants …"
    re: new RegExp(String.raw`\b${PERSON}\s*(?:,\s*|\(\s*)${N}\s*(?=[,)]|$|\.)`, 'g'),
    unit: 'years',
    birthday: false,
    pass: 'bare',
  },
];

const MAX_MONTHS = 1440;

function toMonths(value: number, unitText: string | undefined, fallback: Unit): number {
  const unit: Unit = unitText === undefined ? fallback : /^(?:m|个)/.test(unitText) ? 'months' : 'years';
  return Math.round(unit === 'years' ? value * 12 : value);
}

/**
 * The first age the message states in `pass` (earliest in the text), claiming its span.
 * Ages that are denied ("not 3") or hedged ("almost 2") are claimed but not returned.
 */
export function findAge(text: string, claims: ClaimedSpans, pass: 'unit' | 'bare'): AgeFinding | undefined {
  const found: AgeFinding[] = [];
  for (const p of PATTERNS.filter((x) => x.pass === pass)) {
    for (const m of text.matchAll(p.re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (!claims.isFree(start, end)) continue;
      const numberAt = start + m[0].indexOf(m[1]);
      const before = text.slice(Math.max(0, numberAt - 16), numberAt);
      if (p.duration && !/old/.test(m[0]) && TIME_SPAN_BEFORE.test(before)) continue;
      claims.claim(start, end);
      if (NOT_STATED_BEFORE.test(before)) continue;
      const months = toMonths(Number(m[1]), m[2], p.unit);
      if (months > MAX_MONTHS) continue;
      found.push({ months, birthday: p.birthday, start });
    }
  }
  return found.sort((a, b) => a.start - b.start)[0];
}
