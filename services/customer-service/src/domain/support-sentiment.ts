// How the customer feels in one message, −1 (furious) … 1 (happy): a lexicon scorer in the manner of
// VADER. Each word of a small support lexicon (valence −4 … 4, as in AFINN) counts, flipped and
// halved inside a negation ("not happy"), plus a few phrases ("fed up", "waste of time"); the sum is
// squashed into −1 … 1, and shouting (capitals, "!!!") scales a negative message's magnitude.
// General-purpose lexicons were tried first (wink-nlp's): they read product nouns as feelings
// ("puzzle" is negative there), which a toy shop's support desk cannot afford.
import { tokeniseMessage } from './message-tokens.js';

// Valence −4 … 4, as in AFINN, for words a support desk reads as anger or relief.
const SUPPORT_VALENCE: Readonly<Record<string, number>> = {
  unacceptable: -3,
  ridiculous: -3,
  outrageous: -3,
  furious: -4,
  livid: -4,
  disgust: -4,
  disgusted: -4,
  disgusting: -4,
  appalling: -4,
  appalled: -4,
  scam: -4,
  fraud: -3,
  useless: -3,
  pathetic: -3,
  joke: -2,
  rubbish: -3,
  incompetent: -3,
  shocking: -3,
  nightmare: -3,
  worst: -3,
  terrible: -3,
  awful: -3,
  horrible: -3,
  angry: -3,
  annoyed: -2,
  frustrated: -2,
  frustrating: -2,
  disappointed: -2,
  disappointing: -2,
  unhappy: -2,
  upset: -2,
  never: -1,
  lawyer: -2,
  sue: -2,
  chargeback: -2,
  bad: -2,
  poor: -2,
  hate: -3,
  sad: -2,
  worse: -2,
  dreadful: -3,
  unbelievable: -2,
  careless: -2,
  rude: -3,
  liar: -3,
  lie: -2,
  cheated: -3,
  ripped: -2,
  good: 2,
  great: 3,
  happy: 2,
  love: 3,
  excellent: 3,
  amazing: 3,
  fantastic: 3,
  wonderful: 3,
  pleased: 2,
  glad: 2,
  lovely: 2,
  brilliant: 3,
  perfect: 3,
  thanks: 2,
  thank: 2,
  appreciate: 2,
  helpful: 2,
};

const PHRASE_VALENCE: readonly [RegExp, number][] = [
  [/\bfed up\b/i, -3],
  [/\bsick (and tired )?of\b/i, -3],
  [/\bstill (waiting|nothing|not)\b/i, -1],
  [/\bwaste of (time|money)\b/i, -3],
  [/\bnever (again|ordering|buying|shop)/i, -3],
  [/\bno one (answers|replies|helps)|\bnobody (answers|replies|helps)/i, -2],
];

const ALPHA = 15; // VADER's normalisation constant: sum / sqrt(sum² + α)

function squash(sum: number): number {
  return sum / Math.sqrt(sum * sum + ALPHA);
}

export function scoreSupportSentiment(text: string): number {
  const { tokens } = tokeniseMessage(text);
  let sum = 0;
  for (const t of tokens) {
    const v = SUPPORT_VALENCE[t.normal] ?? SUPPORT_VALENCE[t.lemma];
    if (v !== undefined) sum += t.negated && t.normal !== 'never' && t.normal !== 'not' ? -v / 2 : v;
  }
  for (const [pattern, v] of PHRASE_VALENCE) if (pattern.test(text)) sum += v;
  let score = squash(sum);
  // Shouting: words of three or more capitals (not ids such as "W2611340"), runs of "!" or "?!".
  const shouted = (text.match(/\b[A-Z]{3,}\b/g) ?? []).length;
  const exclaimed = Math.min(4, (text.match(/!/g) ?? []).length);
  if (score < 0) score *= 1 + 0.15 * Math.min(3, shouted) + 0.08 * exclaimed;
  return Math.max(-1, Math.min(1, Math.round(score * 1000) / 1000));
}
