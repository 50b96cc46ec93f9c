// A script whose keys depend on stored data (a product's old terms, a session's products…) is
// given the keys its caller read beforehand; when it finds data those keys do not cover (another
// write came in between), it changes nothing and answers 'retry'. This runs such a write again,
// reading afresh each time, a bounded number of times.
import { TransientError } from '@shopmind/errors';

/** Attempts of a write whose stored state keeps changing under it before it gives up. */
export const COVER_ATTEMPTS = 10;

/**
 * Runs `attempt` (read the stored data, then run the script with the keys it names) until
 * `isRetry` says its reply is not 'retry'; after COVER_ATTEMPTS a TransientError (the event is
 * redelivered later).
 */
export async function untilCovered<T>(
  what: string,
  attempt: () => Promise<T>,
  isRetry: (reply: T) => boolean,
): Promise<T> {
  for (let i = 0; i < COVER_ATTEMPTS; i++) {
    const reply = await attempt();
    if (!isRetry(reply)) return reply;
  }
  throw new TransientError(`${what} kept meeting concurrent changes; retry later`);
}
