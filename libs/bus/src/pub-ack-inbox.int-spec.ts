// PubAckInbox on a real nats-server: every outcome of a publish — stored, duplicate, no stream,
// refused by the stream, no answer, closed connection — is what `js.publish` gives for the same.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { jetstream, jetstreamManager, type JetStreamClient, type PubAck } from '@nats-io/jetstream';
import { connect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { startInfra, uniqueName, type Infra } from '@shopmind/testing';
import { PubAckInbox } from './pub-ack-inbox.js';

let infra: Infra;
let nc: NatsConnection;
let js: JetStreamClient;
let stream: string;
let subject: string;

beforeAll(async () => {
  infra = await startInfra();
  nc = await connect({ servers: infra.natsUrl, name: 'pub-ack-test', noAsyncTraces: true });
  js = jetstream(nc);
  stream = uniqueName('ACKS');
  subject = `${stream}.results`;
  await (await jetstreamManager(nc)).streams.add({ name: stream, subjects: [`${stream}.>`] });
}, 60_000);

afterAll(async () => {
  await nc?.drain();
  await infra?.stop();
});

type Outcome = { ack: PubAck } | { name: string; message: string };

async function outcome(send: () => Promise<PubAck>): Promise<Outcome> {
  try {
    return { ack: await send() };
  } catch (err) {
    return { name: (err as Error).name, message: (err as Error).message };
  }
}

/** The same publish through the inbox and through js.publish (each with its own msg id). */
async function both(
  to: string,
  msgId: (via: string) => string,
  h: (via: string) => ReturnType<typeof natsHeaders> = () => natsHeaders(),
): Promise<{ inbox: Outcome; js: Outcome }> {
  const data = new TextEncoder().encode('{}');
  const inbox = await outcome(() => PubAckInbox.of(nc).publish(to, data, h('inbox'), msgId('inbox')));
  const viaJs = await outcome(() => js.publish(to, data, { headers: h('js'), msgID: msgId('js') }));
  return { inbox, js: viaJs };
}

describe('PubAckInbox', () => {
  it("resolves the stream's PubAck, and flags a repeated message id as a duplicate, as js.publish does", async () => {
    const id = uniqueName('id');
    const first = await both(subject, (via) => `${id}-${via}`);
    const again = await both(subject, (via) => `${id}-${via}`);
    expect(first.inbox).toMatchObject({ ack: { stream, duplicate: false } });
    expect(first.js).toMatchObject({ ack: { stream, duplicate: false } });
    expect(again.inbox).toEqual({ ack: { ...(first.inbox as { ack: PubAck }).ack, duplicate: true } });
    expect(again.js).toEqual({ ack: { ...(first.js as { ack: PubAck }).ack, duplicate: true } });
  });

  it('answers many publishes in flight at once, each with its own sequence', async () => {
    const data = new TextEncoder().encode('{}');
    const acks = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        PubAckInbox.of(nc).publish(subject, data, natsHeaders(), uniqueName(`many-${i}`)),
      ),
    );
    const seqs = acks.map((a) => a.seq);
    expect(new Set(seqs).size).toBe(500);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('fails like js.publish when no stream takes the subject, and when the stream refuses the message', async () => {
    const noStream = await both(`${uniqueName('nowhere')}.x`, (via) => uniqueName(via));
    expect(noStream.inbox).toEqual({ name: 'JetStreamNotEnabled', message: 'jetstream is not enabled' });
    expect(noStream.inbox).toEqual(noStream.js);

    const wrongStream = () => {
      const h = natsHeaders();
      h.set('Nats-Expected-Stream', 'SOME_OTHER_STREAM');
      return h;
    };
    const refused = await both(subject, (via) => uniqueName(via), wrongStream);
    expect(refused.inbox).toMatchObject({ name: 'JetStreamApiError' });
    expect(refused.inbox).toEqual(refused.js);
  });

  it('times out when nothing answers, and fails like js.publish on a closed connection', async () => {
    const quiet = await connect({ servers: infra.natsUrl, name: 'pub-ack-quiet', noAsyncTraces: true });
    // A core subscriber that never answers stands in for a stream that does not answer in time.
    const silent = `${uniqueName('silent')}.x`;
    nc.subscribe(silent, { callback: () => undefined });
    await nc.flush();
    const timedOut = await outcome(() =>
      PubAckInbox.of(quiet, 200).publish(silent, new Uint8Array(), natsHeaders(), 'id'),
    );
    expect(timedOut).toEqual({ name: 'TimeoutError', message: 'timeout' });

    await quiet.close();
    const closed = await outcome(() =>
      PubAckInbox.of(quiet).publish(subject, new Uint8Array(), natsHeaders(), 'id'),
    );
    const closedJs = await outcome(() => jetstream(quiet).publish(subject, new Uint8Array()));
    expect(closed).toEqual(closedJs);
    expect(closed).toMatchObject({ name: 'ClosedConnectionError' });
  });
});
