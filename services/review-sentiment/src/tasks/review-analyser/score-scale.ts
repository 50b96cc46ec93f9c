// How a summed valence becomes a score in -1 … 1 and back: x / sqrt(x² + 6), so a single clear
// opinion word ("great", 2) lands near 0.6 and the score never quite reaches ±1.
const SQUASH = 6;

export function squash(valence: number): number {
  return valence / Math.sqrt(valence * valence + SQUASH);
}

/** The valence a score came from (scores are clamped just inside ±1 first). */
export function unsquash(score: number): number {
  const s = Math.max(-0.999, Math.min(0.999, score));
  return (s * Math.sqrt(SQUASH)) / Math.sqrt(1 - s * s);
}
