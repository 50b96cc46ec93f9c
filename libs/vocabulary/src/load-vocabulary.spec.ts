import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DataFolder } from './data-folder.js';
import { LANGUAGES, loadVocabulary, sharedData, VOCABULARY_NAMES } from './load-vocabulary.js';

describe('the shared vocabularies', () => {
  it("have a file per vocabulary and language, and no other JSON files but the language tools' (the glossary is a .tsv)", () => {
    // The Chinese instruction cues (language/chinese-instructions.ts) are a language tool's data.
    const tools: Partial<Record<string, string[]>> = { zh: ['instruction-cues.json'] };
    for (const language of LANGUAGES)
      expect(
        readdirSync(join(sharedData().path, language))
          .filter((f) => f.endsWith('.json'))
          .sort(),
      ).toEqual([...VOCABULARY_NAMES.map((n) => `${n}.json`), ...(tools[language] ?? [])].sort());
  });

  it.each(VOCABULARY_NAMES)(
    '%s: English names every concept and says each canonical name as a form',
    (name) => {
      const english = loadVocabulary(name, ['en']);
      for (const { canonical, forms } of english.concepts()) expect(forms[0]).toBe(canonical);
      for (const language of LANGUAGES)
        for (const canonical of Object.keys(sharedData().lexicon(`${language}/${name}.json`)))
          expect(english.canonicalNames()).toContain(canonical);
    },
  );

  it.each(VOCABULARY_NAMES)('%s: no surface form, in any language, means two concepts', (name) => {
    const all = loadVocabulary(name, LANGUAGES);
    for (const { canonical, forms } of all.concepts())
      for (const form of forms) expect(all.canonicalOf(form)).toBe(canonical);
  });

  it('gives the forms of the languages asked for only', () => {
    expect(loadVocabulary('materials', ['en']).canonicalOf('Holz')).toBeUndefined();
    expect(loadVocabulary('materials', ['en', 'de']).canonicalOf('Holz')).toBe('wood');
    expect(loadVocabulary('colours', ['en', 'de']).formsOf('white')).toEqual(
      expect.arrayContaining(['white', 'weiß', 'weiße']),
    );
  });
});

describe("loadVocabulary with a service's extension", () => {
  let root: string;
  let extension: DataFolder;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'vocabulary-extension-'));
    mkdirSync(join(root, 'data', 'en'), { recursive: true });
    mkdirSync(join(root, 'data', 'de'), { recursive: true });
    writeFileSync(
      join(root, 'data', 'en', 'materials.json'),
      JSON.stringify({ wood: ['timber'], cork: ['cork'] }),
    );
    writeFileSync(join(root, 'data', 'de', 'materials.json'), JSON.stringify({ cork: ['kork'] }));
    extension = DataFolder.beside(pathToFileURL(join(root, 'src', 'module.ts')).href, '../data');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("adds the service's forms to shared concepts and its own concepts after the shared ones", () => {
    const shared = loadVocabulary('materials', ['en', 'de']);
    const extended = loadVocabulary('materials', ['en', 'de'], { extendedFrom: extension });
    expect(extended.canonicalNames()).toEqual([...shared.canonicalNames(), 'cork']);
    expect(extended.formsOf('wood')).toEqual([...shared.formsOf('wood'), 'timber']);
    expect(extended.formsOf('cork')).toEqual(['cork', 'kork']);
    expect(loadVocabulary('materials', ['en'], { extendedFrom: extension }).formsOf('cork')).toEqual([
      'cork',
    ]);
  });

  it('reads no extension for a vocabulary the service does not extend', () => {
    expect(loadVocabulary('colours', ['en'], { extendedFrom: extension }).toLexicon()).toEqual(
      loadVocabulary('colours', ['en']).toLexicon(),
    );
  });
});
