// Replaces personal data with numbered placeholders before text leaves for a provider, and can put
// the originals back into the answer. Same original → same placeholder within one redaction.

export type PiiKind = 'EMAIL' | 'IBAN' | 'CARD' | 'PHONE' | 'ADDRESS';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const IBAN = /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}\b/g;
const CARD = /\b\d(?:[ -]?\d){12,18}\b/g;
const PHONE = /(?<![\w+])(?:\+|00)?\d[\d ().\-/]{5,}\d(?![\w])/g;
const STREET_EN =
  /\b\d{1,5}[a-zA-Z]?\s+(?:[A-Z][A-Za-z'-]*\s+){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Boulevard|Blvd|Drive|Dr|Way|Court|Ct|Place|Pl|Terrace|Square|Sq)\b\.?/g;
const STREET_EU =
  /\b[A-ZÄÖÜ][A-Za-zÄÖÜäöüß.-]*(?:straße|strasse|str\.|weg|gasse|allee|platz|ring|damm)\s+\d{1,4}\s?[a-z]?\b|\b(?:rue|avenue|boulevard|via|calle|plaza)\s+(?:[A-Za-zÀ-ÿ'-]+\s?){1,4}\d{0,4}\b/gi;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length >= 13 && sum % 10 === 0;
}

export function ibanValid(raw: string): boolean {
  const iban = raw.replace(/\s+/g, '').toUpperCase();
  if (iban.length < 15 || iban.length > 34) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 && code <= 90 ? String(code - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

function looksLikePhone(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return false;
  if (/^\d{4}-\d{2}-\d{2}$/.test(candidate) || /^\d{1,2}[./]\d{1,2}[./]\d{2,4}$/.test(candidate))
    return false;
  // A bare run of digits is an order or product number more often than a phone number.
  return /^(\+|00|0)/.test(candidate) || /[\s().\-/]/.test(candidate);
}

/** Placeholders and their originals, shared by every text of one request. */
export class Redaction {
  private readonly byOriginal = new Map<string, string>();
  private readonly byPlaceholder = new Map<string, string>();
  private readonly counters: Record<PiiKind, number> = { EMAIL: 0, IBAN: 0, CARD: 0, PHONE: 0, ADDRESS: 0 };

  get count(): number {
    return this.byPlaceholder.size;
  }

  kinds(): PiiKind[] {
    return (Object.keys(this.counters) as PiiKind[]).filter((k) => this.counters[k] > 0);
  }

  redact(text: string): string {
    let out = text.replace(EMAIL, (m) => this.placeholder('EMAIL', m));
    out = out.replace(IBAN, (m) => (ibanValid(m) ? this.placeholder('IBAN', m) : m));
    out = out.replace(CARD, (m) => (luhnValid(m.replace(/\D/g, '')) ? this.placeholder('CARD', m) : m));
    out = out.replace(PHONE, (m) => (looksLikePhone(m) ? this.placeholder('PHONE', m) : m));
    out = out.replace(STREET_EN, (m) => this.placeholder('ADDRESS', m));
    out = out.replace(STREET_EU, (m) => this.placeholder('ADDRESS', m));
    return out;
  }

  /** Puts the originals back into every string of `value` (deeply). */
  restore<T>(value: T): T {
    if (this.byPlaceholder.size === 0) return value;
    return this.restoreValue(value) as T;
  }

  private restoreValue(value: unknown): unknown {
    if (typeof value === 'string')
      return value.replace(/\[(EMAIL|IBAN|CARD|PHONE|ADDRESS)_\d+\]/g, (p) => this.byPlaceholder.get(p) ?? p);
    if (Array.isArray(value)) return value.map((v) => this.restoreValue(v));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.restoreValue(v);
      return out;
    }
    return value;
  }

  private placeholder(kind: PiiKind, original: string): string {
    const known = this.byOriginal.get(original);
    if (known) return known;
    const p = `[${kind}_${++this.counters[kind]}]`;
    this.byOriginal.set(original, p);
    this.byPlaceholder.set(p, original);
    return p;
  }
}
