// A local NATS cluster for tests: N nats-server processes on loopback with routes between them,
// JetStream on each (its own store), waited for until JetStream has a meta leader. Nodes can be
// SIGKILLed and restarted on the same ports with the same stores, to prove a stream survives.
import { connect, type ConnectionOptions, type NatsConnection } from '@nats-io/transport-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { InfraUnavailableError } from './infra-unavailable-error.js';
import { startNatsServer, type LocalNatsServer, type NatsServerOptions } from './nats-server.js';
import { freePort } from './tcp-port.js';
import { uniqueName } from './unique-name.js';

export interface NatsClusterOptions extends Pick<NatsServerOptions, 'binary' | 'config' | 'files' | 'env'> {
  /** Number of servers; default 3 (JetStream's quorum survives the loss of one). */
  nodes?: number;
  /** Cluster name (`--cluster_name`); default a unique name. Servers are named `<name>-n<i>`. */
  name?: string;
  /** Extra command-line arguments for every server. */
  args?: string[];
  /**
   * A user the cluster's own requests (`streamLeader`) connect as, when `config` requires one
   * (e.g. the admin of deploy/nats/auth.conf).
   */
  user?: string;
  pass?: string;
  /** How long to wait for the JetStream meta leader; default 30 s. */
  readyTimeoutMs?: number;
}

export interface NatsClusterNode {
  /** `server_name`, e.g. `<cluster>-n1`: what JetStream reports as a leader. */
  name: string;
  url: string;
  port: number;
  /** Route port (`--cluster`). */
  clusterPort: number;
  /** Monitoring port (`/jsz`, `/healthz`). */
  monitorPort: number;
  storeDir: string;
  /** Whether the process is up (false between `kill()` and `start()`). */
  readonly running: boolean;
  /** Stops the process (default SIGTERM; SIGKILL for a crash); ports and store are kept. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts a killed node again on the same ports with the same store; it rejoins the cluster. */
  start(): Promise<void>;
  restart(signal?: NodeJS.Signals): Promise<void>;
  /** What this node's `/jsz` says about the JetStream meta group, or undefined when it does not answer. */
  metaLeader(): Promise<string | undefined>;
}

export interface LocalNatsCluster {
  name: string;
  /** Every node's client URL, for `connect({ servers })`. */
  urls: string[];
  nodes: NatsClusterNode[];
  /** The node leading `stream` (from `$JS.API.STREAM.INFO` → `cluster.leader`), or undefined during an election. */
  streamLeader(stream: string): Promise<NatsClusterNode | undefined>;
  /** Resolves once every running node sees the same JetStream meta leader. */
  waitUntilReady(timeoutMs?: number): Promise<void>;
  /** Stops every node and removes every store. */
  stop(): Promise<void>;
}

interface JszReply {
  meta_cluster?: { leader?: string; cluster_size?: number };
}

async function metaLeaderOf(monitorPort: number): Promise<string | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${monitorPort}/jsz`, { signal: AbortSignal.timeout(2000) });
    if (!res.ok) return undefined;
    const body = (await res.json()) as JszReply;
    return body.meta_cluster?.leader || undefined;
  } catch {
    return undefined;
  }
}

export async function startNatsCluster(options: NatsClusterOptions = {}): Promise<LocalNatsCluster> {
  const count = options.nodes ?? 3;
  if (count < 1) throw new Error(`a NATS cluster needs at least one node, not ${count}`);
  const name = options.name ?? uniqueName('nc');
  const clusterPorts: number[] = [];
  const monitorPorts: number[] = [];
  for (let i = 0; i < count; i++) {
    clusterPorts.push(await freePort());
    monitorPorts.push(await freePort());
  }
  const routes = (i: number): string =>
    clusterPorts
      .filter((_, j) => j !== i)
      .map((p) => `nats://127.0.0.1:${p}`)
      .join(',');

  const servers: LocalNatsServer[] = [];
  const running: boolean[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.allSettled(servers.map((s) => s.stop()));
  };
  try {
    // Started one by one: each is "ready" for clients before its routes connect (the others keep
    // retrying), so the order does not matter; the meta leader is awaited below.
    for (let i = 0; i < count; i++) {
      const serverName = `${name}-n${i + 1}`;
      servers.push(
        await startNatsServer({
          binary: options.binary,
          config: options.config,
          files: options.files,
          // deploy/nats/nats-cluster.conf names each server `$POD_NAME` (the StatefulSet's pod).
          env: { ...options.env, POD_NAME: serverName },
          args: [
            '-n',
            serverName,
            '--cluster_name',
            name,
            '--cluster',
            `nats://127.0.0.1:${clusterPorts[i]}`,
            ...(count > 1 ? ['--routes', routes(i)] : []),
            '-m',
            String(monitorPorts[i]),
            ...(options.args ?? []),
          ],
        }),
      );
      running.push(true);
    }
  } catch (err) {
    await stopAll();
    throw err;
  }

  const nodes: NatsClusterNode[] = servers.map((server, i) => ({
    name: `${name}-n${i + 1}`,
    url: server.url,
    port: server.port,
    clusterPort: clusterPorts[i]!,
    monitorPort: monitorPorts[i]!,
    storeDir: server.storeDir,
    get running() {
      return running[i]!;
    },
    kill: async (signal) => {
      running[i] = false;
      await server.kill(signal);
    },
    start: async () => {
      await server.start();
      running[i] = true;
    },
    restart: async (signal) => {
      running[i] = false;
      await server.kill(signal);
      await server.start();
      running[i] = true;
    },
    metaLeader: () => metaLeaderOf(monitorPorts[i]!),
  }));

  const auth: Partial<ConnectionOptions> =
    options.user !== undefined ? { user: options.user, pass: options.pass } : {};

  const waitUntilReady = async (timeoutMs = options.readyTimeoutMs ?? 30_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    let seen: (string | undefined)[] = [];
    for (;;) {
      const live = nodes.filter((n) => n.running);
      seen = await Promise.all(live.map((n) => n.metaLeader()));
      const leader = seen[0];
      if (leader && seen.every((l) => l === leader) && nodes.some((n) => n.name === leader && n.running))
        return;
      if (Date.now() > deadline) {
        throw new InfraUnavailableError(
          `NATS cluster ${name}: no JetStream meta leader agreed by every node within ${timeoutMs} ms ` +
            `(nodes report ${JSON.stringify(seen)})`,
        );
      }
      await sleep(100);
    }
  };

  const streamLeader = async (stream: string): Promise<NatsClusterNode | undefined> => {
    let nc: NatsConnection | undefined;
    try {
      nc = await connect({
        servers: nodes.filter((n) => n.running).map((n) => n.url),
        ...auth,
        timeout: 2000,
        reconnect: false,
      });
      const reply = await nc.request(`$JS.API.STREAM.INFO.${stream}`, undefined, { timeout: 2000 });
      const info = reply.json<{ cluster?: { leader?: string }; error?: { description?: string } }>();
      if (info.error) return undefined;
      const leader = info.cluster?.leader;
      return nodes.find((n) => n.name === leader);
    } catch {
      return undefined;
    } finally {
      await nc?.close();
    }
  };

  try {
    await waitUntilReady();
  } catch (err) {
    await stopAll();
    throw err;
  }

  return {
    name,
    urls: nodes.map((n) => n.url),
    nodes,
    streamLeader,
    waitUntilReady,
    stop: stopAll,
  };
}
