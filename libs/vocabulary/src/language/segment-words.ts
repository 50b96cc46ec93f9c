// Words of a text as ICU's word segmenter (Node's built-in Intl.Segmenter) splits them; for Chinese
// it uses ICU's dictionary, with no dependency. Punctuation and spaces are dropped.

const segmenters = new Map<string, Intl.Segmenter>();

function segmenterFor(language: string): Intl.Segmenter {
  let segmenter = segmenters.get(language);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(language, { granularity: 'word' });
    segmenters.set(language, segmenter);
  }
  return segmenter;
}

/** The word-like segments of `text`, in order, as written. */
export function segmentWords(text: string, language = 'zh'): string[] {
  const words: string[] = [];
  for (const part of segmenterFor(language).segment(text)) if (part.isWordLike) words.push(part.segment);
  return words;
}
