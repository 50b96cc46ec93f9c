// The Chinese cue words of the slot extractor, read from services/recommendation/data/zh/: each
// file maps a canonical slot value (the English key GuideProfile uses) to the Chinese forms that
// state it. A cue list finds its forms in a message by character matching, longest form first, so
// 外甥女 is a niece before 外甥 can be a nephew (ICU's Chinese words are too coarse for kinship
// terms and too fine for product words; see docs/decisions/guide-slots-zh.md).
import { DataFolder } from '@shopmind/vocabulary';

export interface CueMention<V extends string = string> {
  value: V;
  start: number;
  end: number;
}

export class CueList<V extends string = string> {
  private readonly forms: { form: string; value: V }[];

  constructor(lexicon: Readonly<Record<string, readonly string[]>>, accept: (v: string) => v is V) {
    this.forms = Object.entries(lexicon)
      .flatMap(([value, forms]) => {
        if (!accept(value)) throw new Error(`zh cue list: "${value}" is not a slot value`);
        return forms.map((form) => ({ form: form.normalize('NFKC').toLowerCase(), value }));
      })
      .sort((a, b) => b.form.length - a.form.length);
  }

  /** Every mention, left to right, none overlapping another (the longer form wins). */
  find(text: string): CueMention<V>[] {
    const found: CueMention<V>[] = [];
    const taken = new Uint8Array(text.length);
    for (const { form, value } of this.forms) {
      for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1)) {
        const end = at + form.length;
        if (taken.subarray(at, end).some((t) => t === 1)) continue;
        taken.fill(1, at, end);
        found.push({ value, start: at, end });
      }
    }
    return found.sort((a, b) => a.start - b.start);
  }
}

/** services/recommendation/data/zh/. */
export const zhData = DataFolder.beside(import.meta.url, '../../../data/zh');

export const zhLexicon = (file: string) => zhData.lexicon(file);
