// Time decay without rewriting stored scores: a signal at time t is stored as
// weight · 2^((t − t0) / halfLife), t0 being the tenant's first behaviour event, so every stored
// score keeps growing at the same rate and comparing two scores is comparing decayed values. To
// read one as "weight as of now", divide by the growth at the newest event the tenant has seen
// (never the wall clock: a replay gives the same answers at any speed).

/** Factor a signal at `atMs` is stored with, relative to the tenant's anchor `anchorMs`. */
export function growthAt(atMs: number, anchorMs: number, halfLifeMs: number): number {
  return 2 ** ((atMs - anchorMs) / halfLifeMs);
}

/** A stored (grown) score as its decayed value at `nowMs`, the tenant's newest event time. */
export function decayedAt(stored: number, nowMs: number, anchorMs: number, halfLifeMs: number): number {
  return stored / growthAt(nowMs, anchorMs, halfLifeMs);
}
