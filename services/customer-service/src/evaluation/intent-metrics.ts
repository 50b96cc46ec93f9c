// Labelled intent lines (`text<TAB>intent`) and the figures `npm run eval -- intent` prints. Shared by
// the evaluation and the training script so both read the files and count the same way.
import { isSupportIntent, type SupportIntent } from '../domain/support-intents.js';

export interface LabelledMessage {
  readonly text: string;
  readonly intent: SupportIntent;
}

export interface IntentFigures {
  task: 'intent';
  n: number;
  accuracy: number;
  macro_f1: number;
}

export function parseIntentTsv(content: string, source = 'input'): LabelledMessage[] {
  const rows: LabelledMessage[] = [];
  content.split(/\r?\n/).forEach((line, index) => {
    if (!line.trim()) return;
    const tab = line.lastIndexOf('\t');
    const intent = tab < 0 ? '' : line.slice(tab + 1).trim();
    if (!isSupportIntent(intent)) {
      throw new Error(
        `${source}:${index + 1}: expected "text<TAB>intent" with a known intent, got ${JSON.stringify(line.slice(0, 80))}`,
      );
    }
    rows.push({ text: line.slice(0, tab), intent });
  });
  return rows;
}

/** F1 per intent, over every intent that occurs in the gold labels or the predictions; 0 where precision + recall is 0. */
export function perIntentF1(gold: readonly string[], predicted: readonly string[]): Map<string, number> {
  const labels = [...new Set([...gold, ...predicted])].sort();
  const f1 = new Map<string, number>();
  for (const label of labels) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    gold.forEach((g, i) => {
      const p = predicted[i];
      if (p === label && g === label) tp += 1;
      else if (p === label) fp += 1;
      else if (g === label) fn += 1;
    });
    const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
    f1.set(label, precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall));
  }
  return f1;
}

export function intentFigures(gold: readonly string[], predicted: readonly string[]): IntentFigures {
  if (gold.length !== predicted.length) throw new Error('gold and predicted labels differ in length');
  const correct = gold.filter((g, i) => g === predicted[i]).length;
  const f1 = [...perIntentF1(gold, predicted).values()];
  const r4 = (x: number): number => Math.round(x * 10000) / 10000;
  return {
    task: 'intent',
    n: gold.length,
    accuracy: r4(gold.length === 0 ? 0 : correct / gold.length),
    macro_f1: r4(f1.length === 0 ? 0 : f1.reduce((a, b) => a + b, 0) / f1.length),
  };
}
