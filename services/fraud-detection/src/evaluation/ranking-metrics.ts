// Ranking metrics for the fraud evaluation and the trainer: ROC-AUC (ties count half), PR-AUC as
// average precision, and precision/recall of a yes/no decision.

export function rocAuc(scores: number[], labels: number[]): number {
  const idx = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSumPos = 0;
  let pos = 0;
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]] === scores[idx[i]]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[idx[k]] === 1) {
        rankSumPos += avgRank;
        pos++;
      }
    }
    i = j + 1;
  }
  const neg = scores.length - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Average precision: mean of the precision at each positive, ranked by descending score (ties grouped). */
export function prAuc(scores: number[], labels: number[]): number {
  const idx = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const totalPos = labels.filter((l) => l === 1).length;
  if (totalPos === 0) return Number.NaN;
  let tp = 0;
  let seen = 0;
  let ap = 0;
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]] === scores[idx[i]]) j++;
    let groupPos = 0;
    for (let k = i; k <= j; k++) if (labels[idx[k]] === 1) groupPos++;
    tp += groupPos;
    seen += j - i + 1;
    ap += (groupPos / totalPos) * (tp / seen);
    i = j + 1;
  }
  return ap;
}

export function precisionRecall(flagged: boolean[], labels: number[]): { precision: number; recall: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  flagged.forEach((f, i) => {
    if (f && labels[i] === 1) tp++;
    else if (f) fp++;
    else if (labels[i] === 1) fn++;
  });
  return { precision: tp + fp === 0 ? 0 : tp / (tp + fp), recall: tp + fn === 0 ? 0 : tp / (tp + fn) };
}
