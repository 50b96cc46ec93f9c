// NATS (JetStream) and Redis in containers through Testcontainers, when a container runtime is reachable.
// Testcontainers is imported lazily: loading it costs a second or two and is wasted without a runtime.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const NATS_IMAGE = process.env.SHOPMIND_NATS_IMAGE ?? 'nats:2.10-alpine';
export const REDIS_IMAGE = process.env.SHOPMIND_REDIS_IMAGE ?? 'redis:7-alpine';

/**
 * Cheap pre-check before loading Testcontainers (which takes a second or two to import): is
 * there any sign of a container runtime — a Docker/Podman socket or Testcontainers settings?
 */
export function containerRuntimeHinted(): boolean {
  if (process.env.DOCKER_HOST || process.env.TESTCONTAINERS_HOST_OVERRIDE) return true;
  const home = homedir();
  const runtimeDir = process.env.XDG_RUNTIME_DIR;
  const sockets = [
    '/var/run/docker.sock',
    '/run/podman/podman.sock',
    join(home, '.docker', 'run', 'docker.sock'),
    join(home, '.docker', 'desktop', 'docker.sock'),
    join(home, '.colima', 'default', 'docker.sock'),
    join(home, '.rd', 'docker.sock'),
    join(home, '.testcontainers.properties'),
    ...(runtimeDir ? [join(runtimeDir, 'docker.sock'), join(runtimeDir, 'podman', 'podman.sock')] : []),
  ];
  return sockets.some((p) => existsSync(p));
}

export interface StartedServer {
  url: string;
  stop(): Promise<void>;
}

/** Undefined when Testcontainers finds a working runtime, otherwise why not. Fast when there is none. */
export async function containerRuntimeProblem(): Promise<string | undefined> {
  if (!containerRuntimeHinted()) return 'no Docker or Podman socket found and DOCKER_HOST is not set';
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

export async function startNatsContainer(): Promise<StartedServer> {
  const { NatsContainer } = await import('@testcontainers/nats');
  const nats = await new NatsContainer(NATS_IMAGE).withJetStream().start();
  // The NATS module starts the server with user/password `test`/`test`; they travel in the URL.
  const user = encodeURIComponent(nats.username ?? '');
  const auth = user ? `${user}:${encodeURIComponent(nats.password ?? '')}@` : '';
  return {
    url: `nats://${auth}${nats.getHost()}:${nats.getMappedPort(4222)}`,
    stop: async () => {
      await nats.stop();
    },
  };
}

export async function startRedisContainer(): Promise<StartedServer> {
  const { RedisContainer } = await import('@testcontainers/redis');
  const redis = await new RedisContainer(REDIS_IMAGE).start();
  return {
    url: redis.getConnectionUrl(),
    stop: async () => {
      await redis.stop();
    },
  };
}
