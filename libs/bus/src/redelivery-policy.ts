// What happens to a message whose handler failed: retry later (and when), or dead-letter it.
import { ContractError } from '@shopmind/contracts';
import { DeferError, PermanentError, TransientError } from '@shopmind/errors';

export type Disposition =
  | { action: 'retry'; delayMs: number; deferred: boolean; reason: string }
  | { action: 'dead-letter'; reason: string; kind: 'contract' | 'permanent' | 'max_deliveries' };

export type DeadLetterDisposition = Extract<Disposition, { action: 'dead-letter' }>;

export interface RetrySettings {
  maxDeliver: number;
  retryDelayMs: number;
  maxRetryDelayMs: number;
}

/** Exponential delay per delivery (1st failure → base, 2nd → 2×base, …) capped at the maximum. */
export function retryDelay(deliveryCount: number, settings: RetrySettings, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined && retryAfterMs >= 0)
    return Math.min(retryAfterMs, settings.maxRetryDelayMs);
  const exponent = Math.max(0, Math.min(deliveryCount - 1, 30));
  return Math.min(settings.retryDelayMs * 2 ** exponent, settings.maxRetryDelayMs);
}

export function reasonOf(error: unknown): string {
  if (error instanceof ContractError) return `contract ${error.kind}: ${error.reason}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `unknown: ${String(error)}`;
}

export function dispose(error: unknown, deliveryCount: number, settings: RetrySettings): Disposition {
  const reason = reasonOf(error);
  if (error instanceof ContractError) return { action: 'dead-letter', reason, kind: 'contract' };
  if (error instanceof PermanentError) return { action: 'dead-letter', reason, kind: 'permanent' };
  if (deliveryCount >= settings.maxDeliver) {
    return {
      action: 'dead-letter',
      reason: `max deliveries (${settings.maxDeliver}) reached; last error ${reason}`,
      kind: 'max_deliveries',
    };
  }
  // Anything that is not a known permanent error is treated as transient: retrying a bug a few
  // times costs little, dropping an event because of a flaky dependency costs an answer.
  const retryAfterMs = error instanceof TransientError ? error.retryAfterMs : undefined;
  return {
    action: 'retry',
    delayMs: retryDelay(deliveryCount, settings, retryAfterMs),
    deferred: error instanceof DeferError,
    reason,
  };
}

/**
 * A delivery past the limit means the last one was not settled: its dead letter could not be
 * stored, or the process died or gave up on the handler. (The server's consumer has no delivery
 * limit, so such a message comes back instead of being dropped.) It is dead-lettered without
 * running the handler again; undefined while deliveries remain.
 */
export function pastDeliveryLimit(
  deliveryCount: number,
  settings: Pick<RetrySettings, 'maxDeliver'>,
): DeadLetterDisposition | undefined {
  if (deliveryCount <= settings.maxDeliver) return undefined;
  return {
    action: 'dead-letter',
    reason: `max deliveries (${settings.maxDeliver}) exceeded at delivery ${deliveryCount}; handler not run again (the last delivery was not settled)`,
    kind: 'max_deliveries',
  };
}

/**
 * Counts the delayed redeliveries one consumer holds in this process. A nak with delay keeps its
 * max_ack_pending slot until the server redelivers, so without a cap deferred work could occupy
 * every slot and stall events that need no LLM. When the budget is spent, `canDefer` turns false
 * and handlers fall back to local work instead of deferring.
 */
export class DelayedRedeliveryBudget {
  private held = 0;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.held;
  }

  hasRoom(): boolean {
    return this.held < this.capacity;
  }

  /** Records a delayed redelivery; the slot is considered free again once the delay has passed. */
  hold(delayMs: number): void {
    this.held++;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.held--;
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  clear(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.held = 0;
  }
}
