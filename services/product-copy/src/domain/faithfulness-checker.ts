// Faithfulness guard: every number, measurement, material, colour, age, audience and product
// claim in a piece of copy must be backed by the product's own data. Used on LLM answers (to
// reject and repair) and on local output alike. Conservative by design: a fact it cannot find in
// the data counts as unsupported. Word families hold English and German forms, so German copy of
// an English product is checked against the same facts.

import type { CopyProduct } from './copy-product.js';
import type { CopyText } from './copy-text.js';

export interface FaithfulnessResult {
  passed: boolean;
  /** e.g. ['number "30 cm"', 'material "oak"', 'claim "waterproof"']. */
  unsupportedFacts: string[];
}

/** Families of words that state the same fact; the first entry names it. */
const MATERIALS: string[][] = [
  [
    'wood',
    'wooden',
    'timber',
    'holz',
    'hölzern',
    'hölzerne',
    'hölzernen',
    'hölzerner',
    'hölzernes',
    'holzspielzeug',
  ],
  ['beech', 'buche', 'buchenholz'],
  ['oak', 'eiche', 'eichenholz'],
  ['pine', 'kiefer', 'kiefernholz'],
  ['birch', 'birke'],
  ['walnut', 'nussbaum'],
  ['maple'],
  ['bamboo', 'bambus'],
  ['plastic', 'kunststoff', 'plastik'],
  ['cotton', 'baumwolle'],
  ['wool', 'woollen', 'woolen', 'wolle'],
  ['merino'],
  ['cashmere'],
  ['linen', 'leinen'],
  ['silk', 'seide'],
  ['polyester'],
  ['nylon', 'polyamide'],
  ['elastane', 'spandex', 'lycra'],
  ['acrylic'],
  ['leather', 'leder'],
  ['suede'],
  ['denim'],
  ['fleece'],
  ['rubber', 'gummi', 'kautschuk'],
  ['silicone', 'silikon'],
  ['stainless steel', 'edelstahl'],
  ['steel', 'stahl'],
  ['cast iron', 'gusseisen'],
  ['aluminium', 'aluminum', 'alu'],
  ['copper', 'kupfer'],
  ['brass', 'messing'],
  ['titanium'],
  ['metal', 'metallic', 'metall'],
  ['glass', 'glas'],
  ['ceramic', 'keramik'],
  ['porcelain', 'porzellan'],
  ['stoneware', 'steingut'],
  ['enamel', 'enamelled', 'emaille'],
  ['cardboard', 'pappe', 'karton'],
  ['paper', 'papier'],
  ['polycarbonate'],
  ['wax'],
  ['marble', 'marmor'],
  ['stone', 'stein'],
  ['carbon fibre', 'carbon fiber'],
  ['gold'],
  ['silver', 'silber'],
  ['foam'],
  ['mesh'],
  ['plush'],
  ['velvet', 'samt'],
  ['jute'],
  ['hemp'],
  ['cork', 'kork'],
  ['resin', 'harz'],
];

const COLOURS: string[][] = [
  ['red', 'rot', 'rote', 'roten', 'roter', 'rotes', 'rotem'],
  ['blue', 'blau', 'blaue', 'blauen', 'blauer', 'blaues', 'blauem'],
  ['green', 'grün', 'grüne', 'grünen', 'grüner', 'grünes', 'grünem'],
  ['yellow', 'gelb', 'gelbe', 'gelben', 'gelber', 'gelbes', 'gelbem'],
  ['orange'],
  ['purple', 'lila', 'lilae', 'lilaen', 'lilaer', 'lilaes', 'lilaem'],
  ['pink', 'rosa'],
  ['black', 'schwarz', 'schwarze', 'schwarzen', 'schwarzer', 'schwarzes', 'schwarzem'],
  ['white', 'weiß', 'weiße', 'weißen', 'weißer', 'weißes', 'weißem'],
  ['grey', 'grau', 'gray'],
  ['brown', 'braun', 'braune', 'braunen', 'brauner', 'braunes', 'braunem'],
  ['beige'],
  ['cream', 'creme'],
  ['navy', 'marineblau', 'marineblaue', 'marineblauen', 'marineblauer', 'marineblaues', 'marineblauem'],
  ['olive'],
  ['camel'],
  ['teal'],
  ['turquoise', 'türkis', 'türkise', 'türkisen', 'türkiser', 'türkises', 'türkisem'],
  ['multicolour', 'bunt', 'multicolor'],
  ['rainbow'],
  ['khaki'],
  ['burgundy'],
  ['ivory'],
  ['lilac'],
  ['mint'],
  ['charcoal'],
  ['coral'],
  ['bronze'],
  ['lavender'],
  ['violet'],
  ['magenta'],
  ['maroon'],
  ['indigo'],
];

const AUDIENCES: string[][] = [
  ['baby', 'babies', 'infant', 'infants', 'newborn', 'newborns', 'säugling', 'säuglinge', 'babys'],
  ['toddler', 'toddlers', 'kleinkind', 'kleinkinder'],
  ['kids', 'kid', 'children', 'child', "children's", 'kinder'],
  ['teens', 'teen', 'teenagers', 'teenager', 'jugendliche', 'teenager'],
  ['adults', 'adult', 'grown-ups', 'erwachsene'],
  ['men', "men's", 'man', 'herren', 'männer'],
  ['women', "women's", 'woman', 'ladies', 'damen', 'frauen'],
  ['boys', 'boy', 'jungen'],
  ['girls', 'girl', 'mädchen'],
  ['dogs', 'dog', 'puppy', 'puppies', 'hund', 'hunde'],
  ['cats', 'cat', 'kitten', 'kittens', 'katze', 'katzen'],
  ['seniors', 'senior', 'elderly'],
  ['students', 'student'],
  ['professionals', 'professional'],
];

/** Claims a shopper may rely on: safety, care, certification, origin, performance, superlatives. */
const CLAIMS: string[][] = [
  ['waterproof', 'wasserdicht', 'wasserdichte', 'wasserdichten', 'wasserdichter', 'wasserdichtes'],
  ['water resistant', 'water-resistant', 'wasserabweisend', 'wassergeschützt'],
  ['water repellent'],
  [
    'dishwasher safe',
    'dishwasher-safe',
    'spülmaschinenfest',
    'spülmaschinenfeste',
    'spülmaschinenfesten',
    'spülmaschinenfester',
    'spülmaschinenfestes',
    'spülmaschinengeeignet',
  ],
  ['microwave safe', 'microwave-safe', 'mikrowellengeeignet', 'mikrowellenfest'],
  ['oven safe', 'oven-safe', 'ovenproof', 'backofenfest', 'ofenfest'],
  ['freezer safe', 'freezer-safe', 'gefriergeeignet'],
  ['induction'],
  ['non-stick', 'nonstick', 'antihaft', 'antihaftbeschichtet', 'antihaftbeschichtung'],
  ['bpa free', 'bpa-free', 'bpa-frei'],
  [
    'non-toxic',
    'nontoxic',
    'toxin-free',
    'ungiftig',
    'ungiftige',
    'ungiftigen',
    'ungiftiger',
    'ungiftiges',
    'schadstofffrei',
  ],
  ['organic', 'bio'],
  [
    'eco-friendly',
    'environmentally friendly',
    'umweltfreundlich',
    'umweltfreundliche',
    'umweltfreundlichen',
    'umweltfreundlicher',
    'umweltfreundliches',
  ],
  ['sustainable', 'sustainably', 'nachhaltig', 'nachhaltige', 'nachhaltigen', 'nachhaltiger', 'nachhaltiges'],
  ['recycled', 'recycelt', 'recycelte', 'recycelten', 'recycelter', 'recyceltes'],
  ['recyclable', 'recycelbar'],
  ['biodegradable', 'compostable', 'biologisch abbaubar', 'kompostierbar'],
  [
    'handmade',
    'hand-made',
    'handcrafted',
    'hand-crafted',
    'handgemacht',
    'handgemachte',
    'handgemachten',
    'handgemachter',
    'handgemachtes',
    'handgefertigt',
  ],
  ['hand-painted', 'hand painted', 'handbemalt'],
  [
    'award-winning',
    'award winning',
    'award',
    'preisgekrönt',
    'preisgekrönte',
    'preisgekrönten',
    'preisgekrönter',
    'preisgekröntes',
    'ausgezeichnet',
  ],
  ['best-selling', 'bestseller', 'best seller', 'bestseller'],
  ['best', 'beste', 'bester', 'bestes'],
  ['#1', 'number one', 'no. 1'],
  ['top-rated', 'top rated'],
  ['certified', 'certification', 'zertifiziert'],
  ['fsc'],
  ['ce marked', 'ce-marked'],
  ['hypoallergenic', 'hypoallergen'],
  ['vegan'],
  ['guarantee', 'guaranteed', 'garantie', 'garantiert'],
  ['warranty', 'gewährleistung'],
  ['lifetime'],
  ['patented', 'patent'],
  ['clinically', 'clinical'],
  ['dermatologically'],
  ['safe', 'safety', 'sicher', 'sicherheit'],
  ['non-slip', 'anti-slip'],
  [
    'rechargeable',
    'wiederaufladbar',
    'wiederaufladbare',
    'wiederaufladbaren',
    'wiederaufladbarer',
    'wiederaufladbares',
    'aufladbar',
  ],
  ['wireless', 'cordless', 'kabellos', 'kabellose', 'kabellosen', 'kabelloser', 'kabelloses'],
  ['bluetooth'],
  ['machine washable', 'machine-washable', 'machine wash', 'maschinenwaschbar', 'waschmaschinenfest'],
  ['free shipping', 'free delivery', 'versandkostenfrei', 'kostenloser versand'],
  ['made in', 'hergestellt in'],
  ['unbreakable', 'indestructible', 'shatterproof', 'unzerbrechlich', 'bruchsicher'],
  ['durable', 'durability', 'langlebig', 'langlebige', 'langlebigen', 'langlebiger', 'langlebiges'],
  ['noise cancelling', 'noise-cancelling', 'noise canceling'],
  ['insulated', 'isoliert'],
  ['leak-proof', 'leakproof', 'leak proof', 'auslaufsicher'],
  ['breathable', 'atmungsaktiv', 'atmungsaktive', 'atmungsaktiven', 'atmungsaktiver', 'atmungsaktives'],
  ['lightweight'],
  ['foldable', 'faltbar', 'faltbare', 'faltbaren', 'faltbarer', 'faltbares', 'klappbar'],
  ['adjustable', 'verstellbar', 'verstellbare', 'verstellbaren', 'verstellbarer', 'verstellbares'],
  ['portable', 'tragbar'],
  ['dimmable', 'dimmbar'],
  ['magnetic', 'magnetisch'],
  ['educational'],
  ['montessori'],
  ['sensory'],
  ['natural'],
  ['reusable', 'wiederverwendbar'],
  ['quick-dry', 'quick dry'],
  ['fast charging'],
  ['gps'],
  ['heart rate'],
  ['limited edition'],
  ['exclusive'],
  ['new', 'neu', 'neue', 'neuer'],
  ['genuine'],
  ['authentic'],
  ['official', 'officially'],
  ['approved'],
  ['tested'],
  ['cruelty-free'],
  ['fair trade', 'fairtrade'],
  // What comes in the box: an LLM adds it readily ("batteries included") when the data is silent.
  ['batteries included', 'battery included', 'batterien enthalten', 'inklusive batterien'],
  ['vintage'],
  ['antique'],
];

/**
 * Spelled-out numbers an LLM writes instead of digits ("a fourteen-piece set"), English and German.
 * German "elf" (11) and "ein(s)" are left out: they are also an English noun and the article.
 */
const NUMBER_WORDS: Record<string, string> = {
  zero: '0',
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
  thirteen: '13',
  fourteen: '14',
  fifteen: '15',
  sixteen: '16',
  seventeen: '17',
  eighteen: '18',
  nineteen: '19',
  twenty: '20',
  thirty: '30',
  forty: '40',
  fifty: '50',
  sixty: '60',
  seventy: '70',
  eighty: '80',
  ninety: '90',
  hundred: '100',
  thousand: '1000',
  dozen: '12',
  zwei: '2',
  drei: '3',
  vier: '4',
  fünf: '5',
  sechs: '6',
  sieben: '7',
  acht: '8',
  neun: '9',
  zehn: '10',
  zwölf: '12',
  zwanzig: '20',
  dreißig: '30',
  fünfzig: '50',
  hundert: '100',
  tausend: '1000',
};

const UNITS =
  'mm|cm|m|km|in|inch|inches|ft|"|kg|g|mg|lb|lbs|oz|l|ml|cl|litre|litres|liter|liters|w|kw|v|mah|wh|h|hrs|hours|hour|min|mins|minutes|°c|°f|%|gb|tb|mb|mp|hz|ghz|mhz|db|bar|x|pcs|pieces|piece|pack|years|year|months|month|weeks|days|km/h|mph|gsm|tog|qt';
const NUMBER_WITH_UNIT = new RegExp(String.raw`(?<![\w.])(\d+(?:[.,]\d+)?)(?:\s?(${UNITS})(?![a-z]))?`, 'gi');

const NEGATION =
  /(?<![\p{L}])(not|no|never|without|non|nicht|kein|keine|keinen|ohne)\s+(?:[\p{L}-]+\s+){0,1}$/u;

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

/** Whole words, letters of any language (so "spülmaschinenfest" and "weiß" are words too). */
function wordPattern(word: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}_-])${escape(word)}(?![\\p{L}\\p{N}_])`, 'gu');
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
    ['colour', COLOURS],
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
