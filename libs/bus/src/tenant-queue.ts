// Messages pulled but not yet started, one first-in-first-out lane per tenant. `take()` serves the
// lanes in turn and skips a tenant already running its limit, so a burst from one shop cannot hold
// back another shop's events that arrived after it. Within one tenant, start order is arrival order.

/** What the queue needs to know of an item: the tenant whose lane it waits in. */
export interface TenantItem {
  readonly tenant: string;
}

interface Lane<T> {
  readonly tenant: string;
  items: T[];
  /** Index of the oldest waiting item in `items` (taken items before it are not removed one by one). */
  head: number;
  /** Items of this tenant taken and not yet `done`. */
  running: number;
  /** Whether the lane is in the turn order (it has waiting items). */
  inTurn: boolean;
}

export class TenantQueue<T extends TenantItem> {
  private readonly lanes = new Map<string, Lane<T>>();
  /** Lanes with waiting items, in turn order; `next` is the one whose turn it is. */
  private turn: Lane<T>[] = [];
  private next = 0;
  private waitingCount = 0;

  /** `limitPerTenant`: items of one tenant taken and not done at once (Infinity: no limit). */
  constructor(private readonly limitPerTenant: number) {}

  /** Items waiting to be taken. */
  get size(): number {
    return this.waitingCount;
  }

  push(item: T): void {
    let lane = this.lanes.get(item.tenant);
    if (!lane) {
      lane = { tenant: item.tenant, items: [], head: 0, running: 0, inTurn: false };
      this.lanes.set(item.tenant, lane);
    }
    lane.items.push(item);
    this.waitingCount++;
    if (!lane.inTurn) {
      // A tenant that had nothing waiting joins the end of the turn order.
      lane.inTurn = true;
      this.turn.push(lane);
    }
  }

  /**
   * The oldest item of the next tenant in turn that runs fewer than its limit, now counted as
   * running for that tenant until `done`; undefined when every waiting tenant is at its limit.
   */
  take(): T | undefined {
    const n = this.turn.length;
    for (let i = 0; i < n; i++) {
      const at = (this.next + i) % n;
      const lane = this.turn[at]!;
      if (lane.running >= this.limitPerTenant) continue;
      const item = lane.items[lane.head]!;
      lane.items[lane.head++] = undefined as unknown as T;
      lane.running++;
      this.waitingCount--;
      if (lane.head === lane.items.length) {
        // Emptied: leaves the turn order; the lane after it moves into its place and goes next.
        lane.items = [];
        lane.head = 0;
        lane.inTurn = false;
        this.turn.splice(at, 1);
        this.next = at < this.turn.length ? at : 0;
      } else {
        if (lane.head >= 1024 && lane.head * 2 >= lane.items.length) {
          lane.items = lane.items.slice(lane.head);
          lane.head = 0;
        }
        this.next = (at + 1) % n;
      }
      return item;
    }
    return undefined;
  }

  /** An item of `tenant` that was taken has finished. */
  done(tenant: string): void {
    const lane = this.lanes.get(tenant);
    if (!lane) return;
    lane.running--;
    if (lane.running <= 0 && !lane.inTurn) this.lanes.delete(tenant);
  }

  /** Calls `fn` for every waiting item, oldest first within each tenant. */
  forEachWaiting(fn: (item: T) => void): void {
    for (const lane of this.turn) for (let i = lane.head; i < lane.items.length; i++) fn(lane.items[i]!);
  }

  /** Removes and returns every waiting item (running counts are kept until their `done`). */
  drain(): T[] {
    const out: T[] = [];
    for (const lane of this.turn) {
      for (let i = lane.head; i < lane.items.length; i++) out.push(lane.items[i]!);
      lane.items = [];
      lane.head = 0;
      lane.inTurn = false;
      if (lane.running <= 0) this.lanes.delete(lane.tenant);
    }
    this.turn = [];
    this.next = 0;
    this.waitingCount = 0;
    return out;
  }
}
