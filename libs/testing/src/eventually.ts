// Waiting in tests: poll a condition until it holds, or fail saying what never happened.
import { inspect } from 'node:util';

export interface EventuallyOptions {
  /** How long to keep polling (default 15 000 ms). */
  timeoutMs?: number;
  /** Pause between polls (default 50 ms). */
  intervalMs?: number;
  /** What is awaited, for the timeout message: e.g. `'2 dead letters'`. */
  what?: string;
}

/** Thrown when an awaited condition did not hold in time. */
export class EventuallyTimeoutError extends Error {
  override readonly name = 'EventuallyTimeoutError';
}

/**
 * Polls `check` until it returns a truthy value and returns that value. A check that throws counts
 * as "not yet". After `timeoutMs` it fails naming `what`, with the last value or error.
 */
export function eventually<T>(
  check: () => T | Promise<T>,
  options?: EventuallyOptions,
): Promise<Exclude<T, false | 0 | '' | null | undefined>>;
/**
 * Polls `probe` until `done` accepts its value and returns that value (for asserting on it);
 * fails after `timeoutMs` like the form above.
 */
export function eventually<T>(
  probe: () => T | Promise<T>,
  done: (value: T) => boolean,
  options?: EventuallyOptions,
): Promise<T>;
export async function eventually<T>(
  probe: () => T | Promise<T>,
  doneOrOptions?: ((value: T) => boolean) | EventuallyOptions,
  maybeOptions?: EventuallyOptions,
): Promise<T> {
  const done = typeof doneOrOptions === 'function' ? doneOrOptions : (v: T) => Boolean(v);
  const options = (typeof doneOrOptions === 'function' ? maybeOptions : doneOrOptions) ?? {};
  const { timeoutMs = 15_000, intervalMs = 50, what = 'a condition' } = options;
  const deadline = Date.now() + timeoutMs;
  let last: { value: T } | { error: unknown } | undefined;
  for (;;) {
    try {
      const value = await probe();
      if (done(value)) return value;
      last = { value };
    } catch (error) {
      last = { error };
    }
    if (Date.now() >= deadline) {
      const seen =
        last === undefined
          ? ''
          : 'error' in last
            ? `; the last check threw: ${last.error instanceof Error ? last.error.message : String(last.error)}`
            : `; the last value was ${inspect(last.value, { depth: 2, breakLength: Infinity })}`;
      throw new EventuallyTimeoutError(`timed out after ${timeoutMs} ms waiting for ${what}${seen}`, {
        cause: last && 'error' in last ? last.error : undefined,
      });
    }
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(intervalMs, Math.max(0, deadline - Date.now()))),
    );
  }
}
