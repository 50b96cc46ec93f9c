// Faithfulness guard: every number, measurement, material, colour, age, audience and product
// claim in a piece of copy must be backed by the product's own data. Used on LLM answers (to
// reject and repair) and on local output alike. Conservative by design: a fact it cannot find in
// the data counts as unsupported.

import type { CopyProduct } from './copy-product.js';
import type { CopyText } from './copy-text.js';

export interface FaithfulnessResult {
  passed: boolean;
  /** e.g. ['number "30 cm"', 'material "oak"', 'claim "waterproof"']. */
  unsupportedFacts: string[];
}

/** Families of words that state the same fact; the first entry names it. */
const MATERIALS: string[][] = [
  ['wood', 'wooden', 'timber'],
  ['beech'],
  ['oak'],
  ['pine'],
  ['birch'],
  ['walnut'],
  ['maple'],
  ['bamboo'],
  ['plastic'],
  ['cotton'],
  ['wool', 'woollen', 'woolen'],
  ['merino'],
  ['cashmere'],
  ['linen'],
  ['silk'],
  ['polyester'],
  ['nylon', 'polyamide'],
  ['elastane', 'spandex', 'lycra'],
  ['acrylic'],
  ['leather'],
  ['suede'],
  ['denim'],
  ['fleece'],
  ['down'],
  ['rubber'],
  ['silicone'],
  ['stainless steel'],
  ['steel'],
  ['cast iron'],
  ['iron'],
  ['aluminium', 'aluminum'],
  ['copper'],
  ['brass'],
  ['titanium'],
  ['metal', 'metallic'],
  ['glass'],
  ['ceramic'],
  ['porcelain'],
  ['stoneware'],
  ['enamel', 'enamelled'],
  ['cardboard'],
  ['paper'],
  ['polycarbonate'],
  ['wax'],
  ['marble'],
  ['stone'],
  ['carbon fibre', 'carbon fiber'],
  ['gold'],
  ['silver'],
  ['felt'],
  ['foam'],
  ['mesh'],
  ['plush'],
  ['velvet'],
  ['jute'],
  ['hemp'],
  ['cork'],
  ['resin'],
];

const COLOURS = [
  'red',
  'blue',
  'green',
  'yellow',
  'orange',
  'purple',
  'pink',
  'black',
  'white',
  'grey',
  'gray',
  'brown',
  'beige',
  'cream',
  'navy',
  'olive',
  'camel',
  'teal',
  'turquoise',
  'multicolour',
  'multicolor',
  'rainbow',
  'khaki',
  'burgundy',
  'ivory',
  'lilac',
  'mint',
  'charcoal',
  'coral',
  'bronze',
  'lavender',
  'violet',
  'magenta',
  'maroon',
  'indigo',
];

const AUDIENCES: string[][] = [
  ['baby', 'babies', 'infant', 'infants', 'newborn', 'newborns'],
  ['toddler', 'toddlers'],
  ['kids', 'kid', 'children', 'child', "children's"],
  ['teens', 'teen', 'teenagers', 'teenager'],
  ['adults', 'adult', 'grown-ups'],
  ['men', "men's", 'man'],
  ['women', "women's", 'woman', 'ladies'],
  ['boys', 'boy'],
  ['girls', 'girl'],
  ['dogs', 'dog', 'puppy', 'puppies'],
  ['cats', 'cat', 'kitten', 'kittens'],
  ['seniors', 'senior', 'elderly'],
  ['students', 'student'],
  ['professionals', 'professional'],
];

/** Claims a shopper may rely on: safety, care, certification, origin, performance, superlatives. */
const CLAIMS: string[][] = [
  ['waterproof'],
  ['water resistant', 'water-resistant'],
  ['water repellent'],
  ['dishwasher safe', 'dishwasher-safe'],
  ['microwave safe', 'microwave-safe'],
  ['oven safe', 'oven-safe', 'ovenproof'],
  ['freezer safe', 'freezer-safe'],
  ['induction'],
  ['non-stick', 'nonstick'],
  ['bpa free', 'bpa-free'],
  ['non-toxic', 'nontoxic', 'toxin-free'],
  ['organic'],
  ['eco-friendly', 'environmentally friendly'],
  ['sustainable', 'sustainably'],
  ['recycled'],
  ['recyclable'],
  ['biodegradable', 'compostable'],
  ['handmade', 'hand-made', 'handcrafted', 'hand-crafted'],
  ['hand-painted', 'hand painted'],
  ['award-winning', 'award winning', 'award'],
  ['best-selling', 'bestseller', 'best seller'],
  ['best'],
  ['#1', 'number one', 'no. 1'],
  ['top-rated', 'top rated'],
  ['certified', 'certification'],
  ['fsc'],
  ['ce marked', 'ce-marked'],
  ['hypoallergenic'],
  ['vegan'],
  ['guarantee', 'guaranteed'],
  ['warranty'],
  ['lifetime'],
  ['patented', 'patent'],
  ['clinically', 'clinical'],
  ['dermatologically'],
  ['safe', 'safety'],
  ['non-slip', 'anti-slip'],
  ['rechargeable'],
  ['wireless', 'cordless'],
  ['bluetooth'],
  ['machine washable', 'machine-washable', 'machine wash'],
  ['free shipping', 'free delivery'],
  ['made in'],
  ['unbreakable', 'indestructible', 'shatterproof'],
  ['durable', 'durability'],
  ['noise cancelling', 'noise-cancelling', 'noise canceling'],
  ['insulated'],
  ['leak-proof', 'leakproof', 'leak proof'],
  ['breathable'],
  ['lightweight'],
  ['foldable'],
  ['adjustable'],
  ['portable'],
  ['dimmable'],
  ['magnetic'],
  ['educational'],
  ['montessori'],
  ['sensory'],
  ['natural'],
  ['reusable'],
  ['quick-dry', 'quick dry'],
  ['fast charging'],
  ['gps'],
  ['heart rate'],
  ['limited edition'],
  ['exclusive'],
  ['new'],
  ['genuine'],
  ['authentic'],
  ['official', 'officially'],
  ['approved'],
  ['tested'],
  ['cruelty-free'],
  ['fair trade', 'fairtrade'],
  ['vintage'],
  ['antique'],
];

const NUMBER_WORDS: Record<string, string> = {
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  ten: '10',
  eleven: '11',
  twelve: '12',
  fifteen: '15',
  twenty: '20',
  thirty: '30',
  fifty: '50',
  hundred: '100',
  dozen: '12',
};

const UNITS =
  'mm|cm|m|km|in|inch|inches|ft|"|kg|g|mg|lb|lbs|oz|l|ml|cl|litre|litres|liter|liters|w|kw|v|mah|wh|h|hrs|hours|hour|min|mins|minutes|°c|°f|%|gb|tb|mb|mp|hz|ghz|mhz|db|bar|x|pcs|pieces|piece|pack|years|year|months|month|weeks|days|km/h|mph|gsm|tog|qt';
const NUMBER_WITH_UNIT = new RegExp(String.raw`(?<![\w.])(\d+(?:[.,]\d+)?)(?:\s?(${UNITS})(?![a-z]))?`, 'gi');

const NEGATION = /\b(not|no|never|without|non)\s+(?:\w+\s+){0,1}$/;

interface Source {
  text: string;
  numbers: Set<string>;
}

function normaliseText(s: string): string {
  return ` ${s.normalize('NFKC').toLowerCase().replace(/[’`]/g, "'").replace(/\s+/g, ' ')} `;
}

function canonicalNumber(raw: string): string {
  const n = Number(raw.replace(',', '.'));
  return Number.isFinite(n) ? String(n) : raw;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function wordPattern(word: string): RegExp {
  return new RegExp(`(?<![\\w-])${escape(word)}(?![\\w])`, 'g');
}

/** Occurrences of a family member in text, split by whether a negation precedes them. */
function occurrences(text: string, family: string[]): { positive: boolean; negative: boolean } {
  let positive = false;
  let negative = false;
  for (const word of family) {
    for (const m of text.matchAll(wordPattern(word))) {
      if (NEGATION.test(text.slice(Math.max(0, m.index - 20), m.index))) negative = true;
      else positive = true;
    }
  }
  return { positive, negative };
}

function sourceOf(product: CopyProduct): Source {
  const parts = [
    product.title,
    product.brand,
    product.categoryPath.join(' '),
    product.description,
    ...Object.entries(product.attributes).map(([k, v]) => `${k} ${v}`),
  ];
  const text = normaliseText(parts.join(' . '));
  const numbers = new Set<string>();
  for (const m of text.matchAll(NUMBER_WITH_UNIT)) numbers.add(canonicalNumber(m[1]));
  for (const [word, digits] of Object.entries(NUMBER_WORDS))
    if (wordPattern(word).test(text)) numbers.add(digits);
  for (const months of [product.ageMinMonths, product.ageMaxMonths]) {
    if (months === undefined) continue;
    numbers.add(String(months));
    numbers.add(String(Math.round((months / 12) * 100) / 100));
  }
  return { text, numbers };
}

/** Does the data state this number with this unit (or the number alone when the copy gives none)? */
function numberSupported(source: Source, value: string, unit: string | undefined): boolean {
  if (!source.numbers.has(value)) return false;
  if (!unit || /^(x|pcs|pieces|piece|pack|years|year|months|month)$/i.test(unit)) return true;
  const numeric = escape(value).replace('\\.', '[.,]');
  return new RegExp(
    String.raw`(?<![\w.])${numeric}0*(?:\s?[-x×]\s?\d+(?:[.,]\d+)?)*\s?${escape(unit.toLowerCase())}(?![a-z])`,
  ).test(source.text);
}

function copyTextOf(copy: CopyText): string {
  return normaliseText(
    [
      copy.title,
      copy.shortDescription,
      copy.longDescription,
      ...copy.bullets,
      copy.seoTitle,
      copy.metaDescription,
    ].join(' . '),
  );
}

export function checkFaithfulness(product: CopyProduct, copy: CopyText): FaithfulnessResult {
  const source = sourceOf(product);
  const text = copyTextOf(copy);
  const unsupported = new Set<string>();

  for (const m of text.matchAll(NUMBER_WITH_UNIT)) {
    const value = canonicalNumber(m[1]);
    if (!numberSupported(source, value, m[2])) unsupported.add(`number "${m[0].trim()}"`);
  }
  for (const [word, digits] of Object.entries(NUMBER_WORDS)) {
    if (wordPattern(word).test(text) && !source.numbers.has(digits) && !wordPattern(word).test(source.text))
      unsupported.add(`number "${word}"`);
  }
  const families: [string, string[][]][] = [
    ['material', MATERIALS],
    ['colour', COLOURS.map((c) => [c])],
    ['audience', AUDIENCES],
    ['claim', CLAIMS],
  ];
  for (const [kind, list] of families) {
    for (const family of list) {
      const said = occurrences(text, family);
      if (!said.positive && !said.negative) continue;
      const backed = occurrences(source.text, family);
      // Materials and colours are plain nouns: "not plastic" in the data still names the material.
      const plainNoun = kind === 'material' || kind === 'colour';
      if (said.positive && !(backed.positive || (plainNoun && backed.negative)))
        unsupported.add(`${kind} "${family[0]}"`);
      if (said.negative && !backed.negative && !plainNoun) unsupported.add(`${kind} "not ${family[0]}"`);
    }
  }
  for (const m of text.matchAll(/\b(?:compatible with|works with|fits)\s+((?:[\w'-]+\s?){1,4})/g)) {
    const words = m[1]
      .split(/\s+/)
      .filter((w) => w.length > 2 && !['the', 'all', 'and', 'most', 'any'].includes(w));
    if (words.some((w) => !wordPattern(w).test(source.text)))
      unsupported.add(`compatibility "${m[1].trim()}"`);
  }
  return { passed: unsupported.size === 0, unsupportedFacts: [...unsupported] };
}
