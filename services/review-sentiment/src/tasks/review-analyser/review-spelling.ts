// Shoppers type fast: "wat", "recomend", "sooo", "luv". Mapping the commonest slips and stretched
// words onto their dictionary form lets the lexicon and the idioms see them.
import { reviewVocabulary } from './review-vocabulary.js';

const SPELLINGS: ReadonlyMap<string, string> = new Map(
  `wat:what u:you ur:your luv:love luvs:loves luved:loved thx:thanks ty:thanks tnx:thanks pls:please
   plz:please recomend:recommend reccomend:recommend recommed:recommend recomended:recommended
   reccomended:recommended recomending:recommending definately:definitely definatly:definitely
   realy:really awsome:awesome awsum:awesome excelent:excellent exellent:excellent excellant:excellent
   terible:terrible terrable:terrible horible:horrible horrable:horrible purchse:purchase
   probs:problems prob:problem cuz:because bc:because b4:before gud:good gd:good gr8t:great
   prolly:probably wud:would sux:sucks suckz:sucks qualty:quality qaulity:quality
   batery:battery beautifull:beautiful usefull:useful comfortible:comfortable confortable:comfortable
   comfterble:comfortable brocken:broken broked:broke stoped:stopped stoppped:stopped`
    .split(/\s+/)
    .filter(Boolean)
    .map((pair) => pair.split(':') as [string, string]),
);

const english = reviewVocabulary('en');

function known(word: string): boolean {
  return english.lexicon.has(word) || english.intensity.has(word) || english.words.negators.has(word);
}

/** The dictionary form of a lower-cased word, or the word itself. */
export function correctSpelling(word: string): string {
  const mapped = SPELLINGS.get(word);
  if (mapped) return mapped;
  if (!/(\p{L})\1\1/u.test(word)) return word;
  // "goooood" → "good", "sooo" → "so", "loooove" → "love"
  const double = word.replace(/(\p{L})\1{2,}/gu, '$1$1');
  if (known(double) || SPELLINGS.has(double)) return SPELLINGS.get(double) ?? double;
  const single = word.replace(/(\p{L})\1{2,}/gu, '$1');
  return SPELLINGS.get(single) ?? single;
}
