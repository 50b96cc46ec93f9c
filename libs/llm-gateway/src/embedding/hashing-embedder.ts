// Local embeddings with no model and no network: signed feature hashing of word unigrams, bigrams and
// character trigrams into a fixed number of dimensions, L2-normalised. Good enough for near-duplicate
// search and coarse similarity; the source in every result says which tier produced the vectors.
import { createHash } from 'node:crypto';

function bucket(feature: string, dims: number): { index: number; sign: number } {
  const h = createHash('md5').update(feature).digest();
  const n = h.readUInt32LE(0);
  return { index: n % dims, sign: h[4] & 1 ? 1 : -1 };
}

export function hashingEmbedding(text: string, dims: number): number[] {
  const v = new Array<number>(dims).fill(0);
  const words =
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  const add = (feature: string, weight: number): void => {
    const { index, sign } = bucket(feature, dims);
    v[index] += sign * weight;
  };
  words.forEach((w, i) => {
    add(`w:${w}`, 1);
    if (i > 0) add(`b:${words[i - 1]} ${w}`, 0.7);
    const padded = `#${w}#`;
    for (let j = 0; j + 3 <= padded.length; j++) add(`c:${padded.slice(j, j + 3)}`, 0.3);
  });
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return norm > 0 ? v.map((x) => x / norm) : v;
}
