// The slot evaluation's scoring, by the definitions. A line's slots are the keys of
// GuideProfile's proto3 JSON (empty strings and lists are absent there). An expected slot is
// correct when the prediction has it with the same value: lists as sets after lower-casing and
// singularising, Money by currency and amountMinor as an integer, strings ignoring case.
import { interestKey } from '../../services/recommendation/src/tools.js';

export type SlotJson = Record<string, unknown>;

export interface LineScore {
  expected: number;
  correct: number;
  predicted: number;
  spurious: number;
  /** Expected slots predicted wrongly or not at all, and predicted slots not stated. */
  mistakes: string[];
}

export interface SlotFigures {
  task: 'slots';
  n: number;
  slot_accuracy: number;
  exact_match: number;
  spurious_rate: number;
}

const isEmpty = (v: unknown): boolean =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** The slots present in proto3 JSON (what toJson would have left out is not a slot). */
export function presentSlots(json: SlotJson): string[] {
  return Object.keys(json).filter((k) => !isEmpty(json[k]));
}

function money(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const { currency, amountMinor } = v as { currency?: unknown; amountMinor?: unknown };
  try {
    return `${String(currency ?? '').toUpperCase()} ${BigInt(String(amountMinor ?? 0))}`;
  } catch {
    return undefined;
  }
}

/** The value a slot is compared by. */
export function comparable(value: unknown): string {
  if (Array.isArray(value))
    return JSON.stringify([...new Set(value.map((x) => interestKey(String(x))))].sort());
  if (typeof value === 'object' && value !== null) return money(value) ?? JSON.stringify(value);
  if (typeof value === 'string') return value.trim().toLowerCase();
  return String(value);
}

export function scoreLine(expected: SlotJson, predicted: SlotJson): LineScore {
  const stated = presentSlots(expected);
  const said = presentSlots(predicted);
  const mistakes: string[] = [];
  let correct = 0;
  for (const slot of stated) {
    if (said.includes(slot) && comparable(expected[slot]) === comparable(predicted[slot])) correct += 1;
    else
      mistakes.push(
        `${said.includes(slot) ? 'wrong' : 'missed'} ${slot}: expected ${JSON.stringify(expected[slot])}, got ${JSON.stringify(predicted[slot] ?? null)}`,
      );
  }
  const spurious = said.filter((slot) => !stated.includes(slot));
  for (const slot of spurious) mistakes.push(`spurious ${slot}: ${JSON.stringify(predicted[slot])}`);
  return { expected: stated.length, correct, predicted: said.length, spurious: spurious.length, mistakes };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

export function figures(lines: LineScore[]): SlotFigures {
  const sum = (f: (l: LineScore) => number): number => lines.reduce((s, l) => s + f(l), 0);
  const expected = sum((l) => l.expected);
  const predicted = sum((l) => l.predicted);
  return {
    task: 'slots',
    n: lines.length,
    slot_accuracy: expected === 0 ? 0 : round(sum((l) => l.correct) / expected),
    exact_match:
      lines.length === 0 ? 0 : round(lines.filter((l) => l.correct === l.expected).length / lines.length),
    spurious_rate: predicted === 0 ? 0 : round(sum((l) => l.spurious) / predicted),
  };
}
