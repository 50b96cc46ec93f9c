import { describe, expect, it } from '@jest/globals';
import { canonicalJson, canonicalNormalisedJson, normaliseInput } from './canonical-json.js';

describe('canonical JSON for cache keys', () => {
  it('does not depend on key order, Unicode composition or runs of whitespace', () => {
    const a = { b: '  Café\t\tgreat ', a: [1, { y: null, x: 'ok' }] };
    const b = { a: [1, { x: 'ok', y: null }], b: 'Cafe\u0301 great' };
    expect(canonicalNormalisedJson(a)).toBe(canonicalNormalisedJson(b));
    expect(canonicalNormalisedJson(a)).toBe('{"a":[1,{"x":"ok","y":null}],"b":"Café great"}');
  });

  it('is the same as sorting the normalised value and serialising it', () => {
    const v = { z: [' a  b ', undefined, 3], m: { q: true, p: undefined }, a: 'x' };
    expect(canonicalNormalisedJson(v)).toBe(canonicalJson(normaliseInput(v)).replace('[" a  b "', '["a b"'));
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });
});
