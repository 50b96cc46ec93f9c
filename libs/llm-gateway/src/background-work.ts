// Redis writes the gateway sends without awaiting them (cache and flight completion, embedding
// cache): tracked so that close() waits for them.
export class BackgroundWork {
  private readonly pending = new Set<Promise<unknown>>();

  add(work: Promise<unknown>): void {
    this.pending.add(work);
    const done = (): void => void this.pending.delete(work);
    work.then(done, done);
  }

  /** Resolves when everything added so far has settled. */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}
