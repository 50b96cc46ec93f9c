// Normalisation shared by entity resolution and evaluation: case, whitespace, punctuation at the
// edges, British spelling of a few common words, and singular nouns.

// Maps, not plain objects: an object would also answer for inherited names ("constructor").
const IRREGULAR = new Map(
  Object.entries({
    children: 'child',
    men: 'man',
    women: 'woman',
    people: 'person',
    knives: 'knife',
    feet: 'foot',
    teeth: 'tooth',
    mice: 'mouse',
    geese: 'goose',
    leaves: 'leaf',
    shelves: 'shelf',
    wolves: 'wolf',
    halves: 'half',
    scarves: 'scarf',
    potatoes: 'potato',
    tomatoes: 'tomato',
    heroes: 'hero',
  }),
);

/** Words that end in s but are singular (or have no plural), left untouched. */
const INVARIANT = new Set([
  'glass',
  'jeans',
  'trousers',
  'shorts',
  'pants',
  'scissors',
  'glasses',
  'clothes',
  'series',
  'species',
  'news',
  'gas',
  'lens',
  'bus',
  'plus',
  'canvas',
  'chess',
  'dress',
  'mattress',
  'brass',
  'grass',
  'cross',
  'boss',
  'press',
  'compass',
  'cactus',
  'octopus',
  'iris',
  'christmas',
  'lycra',
  'macos',
  'ios',
  'swimwear',
  'always',
  'cashmere',
  'this',
  'its',
  'his',
  'is',
  'was',
  'has',
  'yes',
  'us',
  'ps',
  'gps',
  'abs',
  'wireless',
  'stainless',
  'bpa',
]);

export function singularWord(word: string): string {
  const w = word.toLowerCase();
  const irregular = IRREGULAR.get(w);
  if (irregular) return irregular;
  if (w.length <= 3 || INVARIANT.has(w) || /[^a-z]/.test(w.slice(-2)) || w.endsWith("'s")) return w;
  if (w.endsWith('ss') || w.endsWith('us') || w.endsWith('is')) return w;
  if (w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (/(ches|shes|xes|zes|sses)$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s')) return w.slice(0, -1);
  return w;
}

const SPELLING = new Map(
  Object.entries({
    gray: 'grey',
    color: 'colour',
    colors: 'colours',
    multicolor: 'multicolour',
    'multi-color': 'multicolour',
    'multi-colour': 'multicolour',
    aluminum: 'aluminium',
    odor: 'odour',
    canceling: 'cancelling',
    'noise-canceling': 'noise-cancelling',
  }),
);

/** Every word the spelling map may change contains one of these. */
const MAY_RESPELL = /gray|colou?r|aluminum|odor|canceling/;
/** What is trimmed from either end once whitespace is single spaces. */
const EDGE = new Set([...' .,;:!?()"[]']);

/**
 * Lowercase, NFKC, single spaces, no punctuation at either end, British spelling. Called for every
 * sentence and entity, so each step runs only when it would change something.
 */
export function normaliseText(value: string): string {
  let text = value.normalize('NFKC').toLowerCase();
  if (/[’`]/.test(text)) text = text.replace(/[’`]/g, "'");
  if (/[^\S ]|\s\s/.test(text)) text = text.replace(/\s+/g, ' ');
  let start = 0;
  let end = text.length;
  while (start < end && EDGE.has(text[start])) start++;
  while (end > start && EDGE.has(text[end - 1])) end--;
  if (start > 0 || end < text.length) text = text.slice(start, end);
  return MAY_RESPELL.test(text)
    ? text
        .split(' ')
        .map((w) => SPELLING.get(w) ?? w)
        .join(' ')
    : text;
}

/** Normalised phrase with its last word singular ("Board Games" → "board game"). */
export function normalisePhrase(value: string): string {
  const words = normaliseText(value).split(' ');
  if (words.length === 0 || words[0] === '') return '';
  words[words.length - 1] = singularWord(words[words.length - 1]);
  return words.join(' ');
}

/** Years as a decimal number, rounded to two places (18 months → 1.5). */
export function monthsToYears(months: number): number {
  return Math.round((months / 12) * 100) / 100;
}
