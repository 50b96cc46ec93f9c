import { describe, expect, it } from '@jest/globals';
import {
  decodeSignature,
  encodeSignature,
  jaccard,
  lshBands,
  minhashSignature,
  shingles,
  signatureSimilarity,
} from './minhash.js';

const a =
  'Absolutely love this wooden train set, my son plays with it every day. Great quality and fast delivery!';
const b =
  'Absolutely love this wooden train set! My daughter plays with it every single day. Great quality, fast delivery.';
const c = 'The zipper broke after two weeks and customer service never answered my emails.';

describe('MinHash', () => {
  it('estimates the Jaccard similarity of the shingle sets', () => {
    const exact = jaccard(shingles(a), shingles(b));
    const est = signatureSimilarity(minhashSignature(a), minhashSignature(b));
    expect(Math.abs(est - exact)).toBeLessThan(0.2);
  });

  it('rates a lightly edited copy as similar and an unrelated text as dissimilar', () => {
    expect(signatureSimilarity(minhashSignature(a), minhashSignature(b))).toBeGreaterThan(0.5);
    expect(signatureSimilarity(minhashSignature(a), minhashSignature(c))).toBeLessThan(0.2);
  });

  it('puts near-duplicates into a shared LSH band and survives a storage round trip', () => {
    const sa = minhashSignature(a);
    const shared = lshBands(sa).filter((k) => lshBands(minhashSignature(b)).includes(k));
    expect(shared.length).toBeGreaterThan(0);
    expect(signatureSimilarity(decodeSignature(encodeSignature(sa)), sa)).toBe(1);
  });
});
