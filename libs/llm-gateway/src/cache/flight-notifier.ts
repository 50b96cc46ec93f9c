// Receives "flight finished" notifications on one Redis pub/sub channel (a dedicated subscriber
// connection per gateway) and hands each to the in-process waiters of that flight.
import type { RedisConnection } from '@shopmind/redis';

export interface FlightWaiter {
  /** Resolves with the payload, or undefined when `ms` passed first. */
  next(ms: number): Promise<string | undefined>;
  dispose(): void;
}

export class FlightNotifier {
  private readonly waiters = new Map<string, Set<(payload: string) => void>>();
  private subscribed = false;

  constructor(
    private readonly subscriber: RedisConnection | undefined,
    private readonly channel: string,
  ) {
    subscriber?.on('message', (ch: string, message: string) => {
      if (ch !== this.channel) return;
      const cut = message.indexOf('\n');
      if (cut < 0) return;
      const listeners = this.waiters.get(message.slice(0, cut));
      if (listeners) for (const l of listeners) l(message.slice(cut + 1));
    });
  }

  async start(): Promise<void> {
    if (!this.subscriber || this.subscribed) return;
    try {
      await this.subscriber.subscribe(this.channel);
      this.subscribed = true;
    } catch {
      // Redis down: followers fall back to polling the flight keys.
    }
  }

  /** Register before asking Redis for the lease, so no notification can slip between the two. */
  wait(flightId: string): FlightWaiter {
    let received: string | undefined;
    let wake: (() => void) | undefined;
    const listener = (payload: string): void => {
      received = payload;
      wake?.();
    };
    let set = this.waiters.get(flightId);
    if (!set) this.waiters.set(flightId, (set = new Set()));
    set.add(listener);
    // Each payload is handed out once: after a 'released' cue the next call waits for a new one.
    const take = (): string | undefined => {
      const payload = received;
      received = undefined;
      return payload;
    };
    return {
      next: (ms) =>
        received !== undefined
          ? Promise.resolve(take())
          : new Promise<string | undefined>((resolve) => {
              const timer = setTimeout(() => {
                wake = undefined;
                resolve(take());
              }, ms);
              wake = () => {
                clearTimeout(timer);
                wake = undefined;
                resolve(take());
              };
            }),
      dispose: () => {
        set.delete(listener);
        if (set.size === 0) this.waiters.delete(flightId);
      },
    };
  }
}
