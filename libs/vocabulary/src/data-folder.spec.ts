import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DataFolder } from './data-folder.js';

describe('DataFolder', () => {
  let root: string;
  const moduleUrl = (...path: string[]): string => pathToFileURL(join(root, ...path)).href;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'vocabulary-data-'));
    mkdirSync(join(root, 'services', 'shop', 'data', 'en'), { recursive: true });
    mkdirSync(join(root, 'services', 'shop', 'src', 'domain'), { recursive: true });
    mkdirSync(join(root, 'dist', 'services', 'shop', 'src', 'domain'), { recursive: true });
    const data = join(root, 'services', 'shop', 'data');
    writeFileSync(join(data, 'en', 'claims.json'), JSON.stringify({ waterproof: ['waterproof'] }));
    writeFileSync(join(data, 'units.json'), JSON.stringify(['cm', 'kg']));
    writeFileSync(join(data, 'aliases.json'), JSON.stringify({ 'wi-fi': 'wifi', constructor: 'x' }));
    writeFileSync(join(data, 'broken.json'), JSON.stringify({ waterproof: 'waterproof' }));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reads the data beside a module in the sources', () => {
    const data = DataFolder.beside(
      moduleUrl('services', 'shop', 'src', 'domain', 'checker.ts'),
      '../../data',
    );
    expect(data.lexicon('en/claims.json')).toEqual({ waterproof: ['waterproof'] });
    expect(data.words('units.json')).toEqual(['cm', 'kg']);
    expect(data.has('de/claims.json')).toBe(false);
  });

  it("reads the sources' data from a module compiled into dist/, which holds no data", () => {
    const data = DataFolder.beside(
      moduleUrl('dist', 'services', 'shop', 'src', 'domain', 'checker.js'),
      '../../data',
    );
    expect(data.path).toBe(join(root, 'services', 'shop', 'data'));
    expect(data.words('units.json')).toEqual(['cm', 'kg']);
  });

  it('gives word maps as Maps, so inherited names are not entries', () => {
    const data = DataFolder.beside(moduleUrl('services', 'shop', 'src', 'checker.ts'), '../data');
    const aliases = data.wordMap('aliases.json');
    expect(aliases.get('wi-fi')).toBe('wifi');
    expect(aliases.get('toString')).toBeUndefined();
    expect([...aliases.keys()]).toEqual(['wi-fi', 'constructor']);
  });

  it('names the file and what it should hold when a file has the wrong shape, and a missing folder', () => {
    const data = DataFolder.beside(moduleUrl('services', 'shop', 'src', 'checker.ts'), '../data');
    expect(() => data.lexicon('broken.json')).toThrow(/broken\.json: expected an object of lists of words/);
    expect(() => data.words('en/claims.json')).toThrow(/claims\.json: expected a list of words/);
    expect(() => DataFolder.beside(moduleUrl('services', 'shop', 'src', 'checker.ts'), '../nowhere')).toThrow(
      /data folder not found: .*nowhere/,
    );
  });
});
