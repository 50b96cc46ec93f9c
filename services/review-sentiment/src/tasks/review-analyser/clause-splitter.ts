// Cuts a sentence into clauses at punctuation, contrast and concession words, conditions and a new
// subject after "and"/"so", and names what leads each clause: the clause scorer weighs them by it.
import type { ReviewToken } from './review-tokenizer.js';
import type { ClauseWords } from './review-vocabulary.js';
import { isWord } from './word-tokens.js';

export type ClauseLead = 'none' | 'contrast' | 'concession' | 'condition';

export interface SplitClause {
  readonly tokens: ReviewToken[];
  readonly lead: ClauseLead;
}

export function splitClauses(tokens: readonly ReviewToken[], words: ClauseWords): SplitClause[] {
  const clauses: SplitClause[] = [];
  let current: SplitClause = { tokens: [], lead: 'none' };
  const close = (lead: ClauseLead): void => {
    if (current.tokens.some(isWord)) clauses.push(current);
    else if (current.lead !== 'none' && lead === 'none') lead = current.lead; // "…, but, …" keeps its lead
    current = { tokens: [], lead };
  };
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1]?.normal;
    const next = tokens[i + 1]?.normal;
    if (t.type === 'punctuation' && !words.quotes.has(t.text) && t.text !== "'s") {
      close(current.tokens.some(isWord) ? 'none' : current.lead);
      return;
    }
    // "have yet to", "as yet", "not yet" are about time, not contrast.
    const temporalYet =
      t.normal === 'yet' &&
      ((prev !== undefined && words.temporalYetAfter.has(prev)) || next === undefined || next === '.');
    if (
      words.contrast.has(t.normal) &&
      !(prev && words.notContrastAfter.has(prev)) &&
      next !== 'also' &&
      !temporalYet
    ) {
      close('contrast');
      return;
    }
    const startsClause = current.tokens.filter(isWord).length === 0;
    if (t.normal === 'then' && startsClause && clauses.length > 0 && next !== 'nothing') {
      close('contrast'); // "fine for a week, then it died": what came after is what lasted
      return;
    }
    if (words.concession.has(t.normal) && (startsClause || t.normal !== 'though' || prev === 'even')) {
      close('concession');
      return;
    }
    if (t.normal === 'even' && next === 'though') return; // "even though": the next token leads
    // "… and the case feels flimsy": a new subject starts a new clause (own aspect, own negation scope).
    const nextPos = tokens[i + 1]?.pos;
    if (
      (t.normal === 'and' || t.normal === 'so') &&
      !startsClause &&
      (nextPos === 'DET' || nextPos === 'PRON' || nextPos === 'PROPN')
    ) {
      close('none');
      return;
    }
    if (words.condition.has(t.normal) && !(prev === 'as' || prev === 'even' || prev === 'see')) {
      close('condition');
      return;
    }
    if (startsClause && (t.normal === 'and' || t.normal === 'or')) return; // ", and the pictures…"
    current.tokens.push(t);
  });
  close('none');
  return clauses;
}
