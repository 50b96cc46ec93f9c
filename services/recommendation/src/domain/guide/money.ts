// Budgets are said in major units ("19.99 euros") and kept as Price (integer minor units, as the
// catalogue's Money): the currency's own number of decimals decides the factor (2 for EUR, 0 for JPY).
import type { Price } from '../product-facts.js';

function minorDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

export function priceOf(currency: string, amount: number): Price {
  return { currency, amountMinor: BigInt(Math.round(amount * 10 ** minorDigits(currency))) };
}

export function amountOf(price: Price): number {
  return Number(price.amountMinor) / 10 ** minorDigits(price.currency);
}

/** "€30", "£12.50", "CN¥200": how a price reads in an English reply. */
export function formatPrice(price: Price): string {
  const digits = minorDigits(price.currency);
  const amount = amountOf(price);
  return new Intl.NumberFormat('en-GB', {
    style: 'currency',
    currency: price.currency,
    minimumFractionDigits: Number.isInteger(amount) ? 0 : digits,
    maximumFractionDigits: digits,
  }).format(amount);
}
