// nats.js keeps pulling from a consumer or stream that is gone, waiting for it to come back; the
// bus's pull loops (event consumers, the stray sweeper) end that pull instead, so they re-provision
// what is missing and resume.
import type { ConsumerMessages } from '@nats-io/jetstream';

const GONE = new Set(['consumer_deleted', 'consumer_not_found', 'stream_not_found']);

/** Stops `messages` when the server says its consumer or stream is gone (unless the loop is stopping). */
export async function endPullWhenGone(
  messages: ConsumerMessages,
  stopping: () => boolean,
  onGone: (notification: string) => void = () => undefined,
): Promise<void> {
  for await (const s of messages.status()) {
    if (GONE.has(s.type)) {
      if (!stopping()) {
        onGone(s.type);
        messages.stop();
      }
      return;
    }
  }
}
