// JSON data files that ship beside the code (libs/vocabulary/data/, a service's data/): found from
// src/ (Jest, tsx) and from the compiled dist/ alike. scripts/build.mjs compiles only TypeScript
// into dist/, and the image ships the sources' folders, so a compiled module reads the data of the
// source tree it was compiled from. Read with fs at start-up rather than imported: SWC drops
// `with { type: 'json' }` and dist/ holds no JSON, and a loader can take the language as a value.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lexicon } from './vocabulary.js';

export class DataFolder {
  private constructor(readonly path: string) {}

  /** The folder at `relative` to the module `moduleUrl` (its `import.meta.url`). */
  static beside(moduleUrl: string, relative: string): DataFolder {
    const moduleDir = dirname(fileURLToPath(moduleUrl));
    const candidates = [resolve(moduleDir, relative)];
    const compiled = moduleDir.lastIndexOf(`${sep}dist${sep}`);
    if (compiled >= 0)
      candidates.push(resolve(moduleDir.slice(0, compiled) + moduleDir.slice(compiled + 5), relative));
    const found = candidates.find((p) => existsSync(p));
    if (!found) throw new Error(`data folder not found: ${candidates.join(' or ')}`);
    return new DataFolder(found);
  }

  has(file: string): boolean {
    return existsSync(join(this.path, file));
  }

  /** A lexicon file: `{ "canonical": ["surface form", …] }`. */
  lexicon(file: string): Lexicon {
    const value = this.read(file);
    if (!isRecord(value) || !Object.values(value).every(isWordList))
      throw this.invalid(file, 'an object of lists of words');
    return value as Lexicon;
  }

  /** A word list file: `["word", …]`. */
  words(file: string): readonly string[] {
    const value = this.read(file);
    if (!isWordList(value)) throw this.invalid(file, 'a list of words');
    return value;
  }

  /** A word map file: `{ "word": "what it stands for", … }`, as a Map (no inherited names). */
  wordMap(file: string): ReadonlyMap<string, string> {
    const value = this.read(file);
    if (!isRecord(value) || !Object.values(value).every((v) => typeof v === 'string'))
      throw this.invalid(file, 'an object of words');
    return new Map(Object.entries(value as Record<string, string>));
  }

  private read(file: string): unknown {
    return JSON.parse(readFileSync(join(this.path, file), 'utf8')) as unknown;
  }

  private invalid(file: string, expected: string): Error {
    return new Error(`${join(this.path, file)}: expected ${expected}`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isWordList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((w) => typeof w === 'string' && w.trim() !== '');
}
