// The recipient: a recipient word introduced as the shopper's own ("my niece", "our daughter",
// "for a colleague", "for me"), allowing describing words between ("my 4 year old niece", "my best
// friend"). A possessive changes whose relative it is: "my friend's daughter" is neither the
// shopper's friend nor their daughter, while "my niece's birthday" is for the niece.
// Misspelt recipient words ("neice", "grandaughter") are accepted one edit away.
import type { Recipient } from '../../domain/guide/guide-profile.js';
import type { ClaimedSpans } from './claimed-spans.js';
import { PERSON_NOUNS, RECIPIENT_WORDS } from './slot-lexicons.js';
import type { ShopperText, ShopperToken } from './shopper-text.js';

const OWNERS = new Set(['my', 'our', 'for', 'a', 'an']);
/** Words that may stand between "my" and the recipient word: "my little sister", "my 4 year old niece". */
const DESCRIBING = new Set([
  'little',
  'baby',
  'big',
  'best',
  'older',
  'younger',
  'eldest',
  'oldest',
  'youngest',
  'twin',
  'dear',
  'lovely',
  'work',
  'favourite',
  'favorite',
  'new',
  'old',
  'year',
  'years',
  'month',
  'months',
  'yo',
  'yr',
  'yrs',
  '-',
]);
const MAX_DESCRIBING = 5;

/** Damerau–Levenshtein distance at most one (one insertion, deletion, substitution or swap). */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length && i === b.length) return true;
  const rest = (x: number, y: number): boolean => a.slice(x) === b.slice(y);
  return (
    rest(i + 1, i + 1) ||
    rest(i + 1, i) ||
    rest(i, i + 1) ||
    (a[i] === b[i + 1] && a[i + 1] === b[i] && rest(i + 2, i + 2))
  );
}

function recipientWord(word: string): Recipient | undefined {
  const exact = RECIPIENT_WORDS[word];
  if (exact) return exact;
  if (word.length < 5 || !/^[a-z-]+$/.test(word)) return undefined;
  const near = Object.keys(RECIPIENT_WORDS).find((w) => w.length >= 5 && withinOneEdit(word, w));
  return near ? RECIPIENT_WORDS[near] : undefined;
}

/** Events a possessive may name: "my niece's birthday party" is for the niece. */
const EVENTS = new Set([
  'birthday',
  'bday',
  'b-day',
  'party',
  'shower',
  'farewell',
  'leaving',
  'graduation',
  'wedding',
  'christening',
  'baptism',
  'retirement',
  'anniversary',
  'celebration',
]);

/** Whether what a possessive at `i` ("'s") owns is a person ("my friend's daughter"). */
function ownsPerson(tokens: ShopperToken[], i: number): boolean {
  let head: string | undefined;
  for (let j = i + 1; j < tokens.length && j <= i + 4; j++) {
    const t = tokens[j];
    if (EVENTS.has(t.word)) return false;
    if (!/^(NOUN|PROPN|ADJ|NUM)$/.test(t.pos) && !PERSON_NOUNS.has(t.word)) break;
    head = t.word;
  }
  return head !== undefined && PERSON_NOUNS.has(head);
}

function ownedByShopper(tokens: ShopperToken[], i: number, exact: boolean, claims: ClaimedSpans): boolean {
  for (let j = i - 1, seen = 0; j >= 0 && seen <= MAX_DESCRIBING; j--, seen++) {
    const t = tokens[j];
    if (OWNERS.has(t.word)) return exact || t.word === 'my' || t.word === 'our';
    if (t.word === "'s" || t.word === "'") return false;
    // Words read as another slot ("my 8 y.o. niece") describe the recipient too.
    const describing =
      DESCRIBING.has(t.word) || t.pos === 'NUM' || t.pos === 'ADJ' || !claims.isFree(t.start, t.end);
    if (!describing) return false;
  }
  return false;
}

export function findRecipient({ text, tokens }: ShopperText, claims: ClaimedSpans): Recipient | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.word === 'myself' || (t.word === 'me' && tokens[i - 1]?.word === 'for')) {
      claims.claim(t.start, t.end);
      return 'myself';
    }
    const recipient = recipientWord(t.word);
    if (!recipient || recipient === 'myself') continue;
    if (!ownedByShopper(tokens, i, RECIPIENT_WORDS[t.word] !== undefined, claims)) continue;
    const next = tokens[i + 1];
    if ((next?.word === "'s" || next?.word === "'") && ownsPerson(tokens, i + 1)) continue;
    // A brother-in-law is not a brother.
    if (/^-in-law\b/.test(text.slice(t.end))) continue;
    claims.claim(t.start, t.end);
    return recipient;
  }
  return undefined;
}
