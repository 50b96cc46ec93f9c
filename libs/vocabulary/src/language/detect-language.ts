// Cheap language identification for shop texts (reviews, support messages, guide turns, product
// text): a text mostly in one non-Latin script is that script's language (Han → zh, with kana → ja);
// Latin text is told apart by each language's most frequent function words (they make up a large
// share of any sentence) plus a few letters only some languages use. The local models must not guess
// on languages they do not know, so all it needs is "which language, or none we can tell".

export interface LanguageGuess {
  /** ISO 639-1 code, or 'und' when there is nothing to go on. */
  readonly language: string;
  /** 0…1: how clearly the winner beat the runner-up. */
  readonly confidence: number;
}

const STOP_WORDS: Readonly<Record<string, string>> = {
  en: `the and is it this was for with that not but are very have has my of to in on i you they
       would be at its it's so too just really after one all than had were what when from does did
       don't didn't doesn't an well use works product great good bought will can could them`,
  de: `der die das und ist nicht ein eine sehr ich mit es zu auf für den dem des sich auch nach
       aber war sind wie wird noch nur habe hat mein meine gut kein keine einen einem oder schon
       bei aus wurde leider gekauft produkt qualität ganz`,
  fr: `le la les et est pas un une très je avec il elle ce que qui pour dans sur du des au mais
       mon ma mes ne plus bien été sont cette fait sans produit qualité trop avoir tout même
       acheté vraiment bon`,
  es: `el la los las y es no un una muy yo con que para en por lo del al pero mi mis se su fue
       son este esta bien ya sin producto calidad todo también tiene bueno funciona compré
       más`,
  it: `il lo la gli le e è non un una molto io con che per di da del della ma mio mia si sono
       questo questa bene anche ho ha prodotto qualità tutto come più funziona comprato buon`,
  nl: `de het een en is niet zeer ik met dat voor op van in te maar mijn zijn was ook heel goed
       geen wel dit deze al nog na bij naar erg product kwaliteit gekocht werkt`,
  pt: `o a os as e é não um uma muito eu com que para em por do da dos das mas meu minha se
       foi são este esta bem também tem produto qualidade tudo mais bom funciona comprei`,
};

// Words that are also everyday English ("no", "as", "die", "was", "come") prove nothing either way.
const ENGLISH_LOOKALIKES = new Set(
  `a as is in no do so me he on die was met man will also come son pie tent van hat war bond bon
   art den des dim era fee gut hall mag mist most net rust see sin tag the via have had`.split(/\s+/),
);

const PROFILES: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries(STOP_WORDS).map(([lang, words]) => {
    const list = words.split(/\s+/).filter(Boolean);
    return [
      lang,
      new Set(
        lang === 'en'
          ? list
          : list.filter((w) => !ENGLISH_LOOKALIKES.has(w) && !STOP_WORDS.en!.split(/\s+/).includes(w)),
      ),
    ];
  }),
);

// Letters that English reviews practically never use; each hit is strong evidence.
const LETTER_HINTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/[äöüß]/g, 'de'],
  [/[ñ¿¡]/g, 'es'],
  [/[ãõ]/g, 'pt'],
  [/[çœ]|[êèàù]/g, 'fr'],
  [/ij\b/g, 'nl'],
];

const HAN = /\p{Script=Han}/gu;
const KANA = /[\u3040-\u30ff]/g;

const SCRIPTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/[\u0400-\u04ff]/g, 'ru'],
  [/[\u0600-\u06ff]/g, 'ar'],
  [/[\u3040-\u30ff]/g, 'ja'],
  [/[\uac00-\ud7af]/g, 'ko'],
  [/[\u0370-\u03ff]/g, 'el'],
  [/[\u0590-\u05ff]/g, 'he'],
  [/[\u0e00-\u0e7f]/g, 'th'],
  [/[\u0900-\u097f]/g, 'hi'],
];

export function detectLanguage(text: string): LanguageGuess {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters === 0) return { language: 'und', confidence: 0 };

  // Japanese writes Han characters too; any kana beside them makes it Japanese, not Chinese.
  const han = text.match(HAN)?.length ?? 0;
  if (han / letters > 0.3) {
    const kana = text.match(KANA)?.length ?? 0;
    const language = kana > 0 && kana >= han * 0.1 ? 'ja' : 'zh';
    return { language, confidence: Math.min(1, (han + kana) / letters + 0.2) };
  }
  for (const [pattern, language] of SCRIPTS) {
    const hits = text.match(pattern)?.length ?? 0;
    if (hits / letters > 0.3) return { language, confidence: Math.min(1, hits / letters + 0.2) };
  }

  const lower = text.toLowerCase();
  const words = lower.match(/[\p{L}']+/gu) ?? [];
  const scores = new Map<string, number>();
  for (const [language, profile] of PROFILES) {
    let hits = 0;
    for (const w of words) if (profile.has(w)) hits += 1;
    scores.set(language, hits);
  }
  for (const [pattern, language] of LETTER_HINTS) {
    const hits = lower.match(pattern)?.length ?? 0;
    scores.set(language, (scores.get(language) ?? 0) + Math.min(hits, 3) * 1.5);
  }

  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (!best || best[1] === 0) return { language: 'und', confidence: 0 };
  // One foreign-looking word in an English sentence ("pasta al dente") is not another language.
  if (best[0] !== 'en' && best[1] < 2) {
    const english = scores.get('en') ?? 0;
    return english > 0 ? { language: 'en', confidence: 0.3 } : { language: 'und', confidence: 0 };
  }
  const margin = best[1] - (second?.[1] ?? 0);
  if (margin === 0) {
    // A tie with English keeps English: the words are shared ("is", "in", "a"), the text likely is.
    const englishTied = ranked.some(([l, s]) => l === 'en' && s === best[1]);
    return { language: englishTied ? 'en' : best[0], confidence: 0.2 };
  }
  return { language: best[0], confidence: Math.min(1, margin / Math.max(2, words.length * 0.25)) };
}
