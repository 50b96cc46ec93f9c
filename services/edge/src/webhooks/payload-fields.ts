// Reading the fields platforms send: ids as numbers or strings, decimal amounts as strings, dates,
// HTML descriptions. Each either gives a value ShopMind's contracts accept or a MalformedWebhookError
// that names the field.
import { timestampFromDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import { z } from 'zod';
import { MalformedWebhookError } from './webhook-outcome.js';

/** A platform id: a JSON number or string, as a string ('' for null). */
export const platformId = z
  .union([z.number().int(), z.string(), z.null()])
  .transform((v) => (v === null ? '' : String(v)));

/** A decimal amount as platforms write it: "199.00", 199, or null. */
export const decimal = z.union([z.string(), z.number(), z.null()]).optional();

/** Reads `payload` with `schema`, naming every field that does not fit. */
export function readPayload<T extends z.ZodType>(schema: T, payload: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
  throw new MalformedWebhookError(`${what}: ${fields.join('; ')}`);
}

function minorDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    throw new MalformedWebhookError(`unknown currency ${JSON.stringify(currency)}`);
  }
}

/** A decimal amount in the currency's minor units (cents), exactly: no floating point. */
export function minorUnits(amount: string | number, currency: string, field: string): bigint {
  const text = typeof amount === 'number' ? amount.toFixed(minorDigits(currency)) : amount.trim();
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new MalformedWebhookError(`${field}: ${JSON.stringify(amount)} is not a decimal amount`);
  const digits = minorDigits(currency);
  const fraction = (m[3] ?? '').padEnd(digits, '0');
  if (fraction.length > digits && /[1-9]/.test(fraction.slice(digits)))
    throw new MalformedWebhookError(`${field}: ${text} has more than ${digits} decimals for ${currency}`);
  const value = BigInt(m[2]! + fraction.slice(0, digits));
  return m[1] ? -value : value;
}

/** Money for the contract, or undefined when the amount is absent. */
export function money(
  amount: string | number | null | undefined,
  currency: string,
  field: string,
): { currency: string; amountMinor: bigint } | undefined {
  if (amount === undefined || amount === null || amount === '') return undefined;
  return { currency, amountMinor: minorUnits(amount, currency, field) };
}

/** A timestamp from an ISO date the platform sent; undefined when absent or unreadable as a date. */
export function timestamp(value: string | null | undefined): Timestamp | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : timestampFromDate(date);
}

/** Plain text from a product's HTML description. */
export function plainText(html: string | null | undefined): string {
  if (!html) return '';
  return html
    .replace(/<(br|\/p|\/li|\/h\d)\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n')
    .trim();
}

/** ISO 3166 alpha-2 in upper case, or '' when the platform gave none or something else. */
export function countryCode(value: string | null | undefined): string {
  const v = (value ?? '').trim().toUpperCase();
  return /^[A-Z]{2}$/.test(v) ? v : '';
}
