// One NATS connection per (server, connection name) in a process, shared by the transport (pulls,
// acks, dead letters) and BusModule's publisher: acks and results then leave in the same socket
// writes, and the connection is drained once its last user lets go.
import { connect, type NatsConnection, type NodeConnectionOptions } from '@nats-io/transport-node';
import type { ResolvedBusOptions } from './bus-options.js';

/** The inbox prefix of a service's connection: its user may read no other replies (permission-model.md). */
export function serviceInboxPrefix(service: string): string {
  return `_INBOX.svc.${service}`;
}

/** The servers of a NATS_URL: one URL or a comma-separated list. */
export function natsServers(natsUrl: string): string[] {
  return natsUrl
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

type ConnectionSettings = Pick<ResolvedBusOptions, 'natsUrl' | 'connectionName'> &
  Partial<Pick<ResolvedBusOptions, 'service' | 'user' | 'password' | 'tlsCaFile'>>;

/**
 * Connection settings of the bus: credentials, TLS (required by a `tls://` URL, trusting
 * `tlsCaFile`), and the service's own inbox prefix. `noAsyncTraces`: nats.js otherwise builds two
 * Error objects (stack captures) for every request — every JetStream publish — only to improve the
 * stack of a failure; that was about a sixth of the CPU per handled event.
 */
export function busConnectionOptions(options: ConnectionSettings): NodeConnectionOptions {
  const tlsRequired = options.natsUrl.trim().startsWith('tls://');
  return {
    // NATS_URL may list every server of a cluster (`nats://a:4222,nats://b:4222`): nats.js takes a
    // list, and would read the whole string as one (wrong) address.
    servers: natsServers(options.natsUrl),
    name: options.connectionName,
    maxReconnectAttempts: -1,
    noAsyncTraces: true,
    ...(options.service ? { inboxPrefix: serviceInboxPrefix(options.service) } : {}),
    ...(options.user !== undefined ? { user: options.user, pass: options.password } : {}),
    ...(options.tlsCaFile ? { tls: { caFile: options.tlsCaFile } } : tlsRequired ? { tls: {} } : {}),
  };
}

interface Entry {
  connection: Promise<NatsConnection>;
  users: number;
}

const shared = new Map<string, Entry>();
const keyOf = new WeakMap<NatsConnection, string>();

export async function acquireConnection(options: ConnectionSettings): Promise<NatsConnection> {
  // Also by user and inbox: two users in one process (a test) must not share a connection.
  const key = `${options.natsUrl}|${options.connectionName}|${options.user ?? ''}|${options.service ?? ''}`;
  let entry = shared.get(key);
  if (entry) {
    const nc = await entry.connection.catch(() => undefined);
    if (!nc || nc.isClosed()) {
      if (shared.get(key) === entry) shared.delete(key);
      entry = undefined;
    }
  }
  if (!entry) {
    const connection = connect(busConnectionOptions(options));
    entry = { connection, users: 0 };
    shared.set(key, entry);
    connection.then((nc) => keyOf.set(nc, key)).catch(() => shared.get(key) === entry && shared.delete(key));
  }
  entry.users++;
  return entry.connection;
}

/** Lets go of a connection; the last user drains it (pending publishes and acks are flushed). */
export async function releaseConnection(nc: NatsConnection): Promise<void> {
  const key = keyOf.get(nc);
  const entry = key ? shared.get(key) : undefined;
  if (entry && --entry.users > 0) return;
  if (key && entry) shared.delete(key);
  if (!nc.isClosed()) await nc.drain();
}
