/* global document */
// Small DOM helpers: elements are built with text only (never HTML), so nothing a shop's data holds
// can run in the console.
export const $ = (id) => document.getElementById(id);

/** `el('li', {class: 'me'}, 'text', child, …)`. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined) node.setAttribute(name, value);
  for (const child of children.flat())
    if (child !== undefined && child !== null && child !== '')
      node.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
  return node;
}

export function replace(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c !== undefined && c !== null));
}

/** `DECISION_DECLINE` → `decline`. */
export function enumWord(value, prefix) {
  if (typeof value !== 'string') return '';
  return value.startsWith(prefix) ? value.slice(prefix.length).toLowerCase().replace(/_/g, ' ') : value;
}

export function money(price) {
  if (!price || price.amountMinor === undefined) return '';
  const amount = Number(price.amountMinor) / 100;
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency: price.currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${price.currency ?? ''}`;
  }
}

export function time(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleTimeString('en-GB');
}
