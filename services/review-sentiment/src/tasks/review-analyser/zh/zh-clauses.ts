// A Chinese review cut into clauses, each with its offsets into the text it came from: at Chinese
// and Latin punctuation, at line breaks, and before the contrast words that open a new clause
// (但是, 可是, 不过 …). A clause knows how its review weighs it: what follows a contrast weighs more,
// a concession (虽然 …) less.

export interface ZhClause {
  /** The clause as written, trimmed. */
  readonly text: string;
  /** Offsets of `text` in the string it was cut from: text === source.slice(start, end). */
  readonly start: number;
  readonly end: number;
  /** It opens with a contrast word (但是 …): the review's verdict tends to follow one. */
  readonly contrast: boolean;
  /** It opens with a concession word (虽然 …): what it grants is outweighed by what follows. */
  readonly concession: boolean;
}

/** Words that open a clause turning against what came before. Longest first. */
export const CONTRAST_WORDS = ['但是', '可是', '不过', '然而', '只是', '但', '可惜'] as const;
/** Words that open a clause granting a point before the contrast. */
export const CONCESSION_WORDS = ['虽然', '虽说', '尽管', '虽'] as const;

const BREAK = /[，,。.！!？?；;、：:…~～\n\r\t（）()【】[\]]+|\s{2,}/gu;
const CONTRAST_SPLIT = new RegExp(`(?=${CONTRAST_WORDS.filter((w) => w.length > 1).join('|')})`, 'gu');

/** The clauses of `text` in order; empty and punctuation-only pieces are left out. */
export function zhClauses(text: string): ZhClause[] {
  const clauses: ZhClause[] = [];
  let from = 0;
  const pieces: Array<[number, number]> = [];
  for (const m of text.matchAll(BREAK)) {
    pieces.push([from, m.index]);
    from = m.index + m[0].length;
  }
  pieces.push([from, text.length]);
  for (const [start, end] of pieces) {
    const piece = text.slice(start, end);
    // "衣服好看但是面料差": a contrast word inside a piece starts a new clause.
    const cuts = [0, ...[...piece.matchAll(CONTRAST_SPLIT)].map((m) => m.index).filter((i) => i > 0)];
    cuts.forEach((cut, i) => {
      const raw = piece.slice(cut, cuts[i + 1] ?? piece.length);
      const lead = raw.length - raw.trimStart().length;
      const clause = raw.trim();
      if (!/[\p{L}\p{N}]/u.test(clause)) return;
      const s = start + cut + lead;
      clauses.push({
        text: clause,
        start: s,
        end: s + clause.length,
        contrast: CONTRAST_WORDS.some((w) => clause.startsWith(w)),
        concession: CONCESSION_WORDS.some((w) => clause.startsWith(w)),
      });
    });
  }
  return clauses;
}
