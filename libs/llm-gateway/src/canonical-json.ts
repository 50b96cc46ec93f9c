// Canonical JSON (sorted keys, no undefined) and the input normalisation behind cache keys: two
// inputs that differ only in key order, Unicode composition or runs of whitespace share a key.
import { hash } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

export function normaliseInput(value: unknown): unknown {
  if (typeof value === 'string') return value.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (Array.isArray(value)) return value.map(normaliseInput);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = normaliseInput(v);
    return out;
  }
  return value;
}

export function sha256Hex(text: string): string {
  // One-shot hash: noticeably cheaper than createHash() for the short strings of cache keys.
  return hash('sha256', text, 'hex');
}

function normaliseString(s: string): string {
  return s.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/**
 * `canonicalJson(normaliseInput(value))` in one pass, without building intermediate objects: the
 * cache key is computed on every request, hits included.
 */
export function canonicalNormalisedJson(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(normaliseString(value));
  if (value === null || typeof value !== 'object' || value instanceof Date)
    return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++)
      out += (i ? ',' : '') + (value[i] === undefined ? 'null' : canonicalNormalisedJson(value[i]));
    return out + ']';
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const k of Object.keys(record).sort()) {
    const v = record[k];
    if (v === undefined) continue;
    out += (first ? '' : ',') + JSON.stringify(k) + ':' + canonicalNormalisedJson(v);
    first = false;
  }
  return out + '}';
}
