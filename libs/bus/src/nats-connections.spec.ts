import { describe, expect, it } from '@jest/globals';
import { busConnectionOptions } from './nats-connections.js';

describe('busConnectionOptions', () => {
  it("reads replies on the service's own inbox and logs in as the service's user", () => {
    const o = busConnectionOptions({
      natsUrl: 'nats://nats:4222',
      connectionName: 'review-sentiment',
      service: 'review-sentiment',
      user: 'review-sentiment',
      password: 'secret',
    });
    expect(o).toMatchObject({
      servers: ['nats://nats:4222'],
      name: 'review-sentiment',
      inboxPrefix: '_INBOX.svc.review-sentiment',
      user: 'review-sentiment',
      pass: 'secret',
    });
    expect(o.tls).toBeUndefined();
    // The connection name is shown by the server (monitoring): never a secret.
    expect(o.name).not.toContain('secret');
  });

  it('connects to every server of a comma-separated NATS_URL (a cluster)', () => {
    const o = busConnectionOptions({
      natsUrl: 'nats://nats-0:4222, nats://nats-1:4222,nats://nats-2:4222',
      connectionName: 'x',
    });
    expect(o.servers).toEqual(['nats://nats-0:4222', 'nats://nats-1:4222', 'nats://nats-2:4222']);
  });

  it('requires TLS for a tls:// URL and trusts the given CA file', () => {
    expect(busConnectionOptions({ natsUrl: 'tls://nats:4222', connectionName: 'x' }).tls).toEqual({});
    expect(
      busConnectionOptions({ natsUrl: 'tls://nats:4222', connectionName: 'x', tlsCaFile: '/ca.pem' }).tls,
    ).toEqual({ caFile: '/ca.pem' });
  });
});
