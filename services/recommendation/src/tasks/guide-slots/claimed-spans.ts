// Which stretches of the message a finder has already read as a slot, so that "under 3 years" is
// an age and not a budget, and "machine washable" a constraint and not an interest.
export class ClaimedSpans {
  private readonly spans: [number, number][] = [];

  claim(start: number, end: number): void {
    this.spans.push([start, end]);
  }

  isFree(start: number, end: number): boolean {
    return !this.spans.some(([s, e]) => start < e && end > s);
  }
}
