// Runs a deployment target (see shipped-targets.ts) on this machine: nats-server and redis-server
// from the target's own commands, configuration and environment, its provision step, then every
// service and the edge from the built output — each with the environment the target gives it, only the
// addresses moved to local ports (nats, redis and the collector hosts; the health port) and the
// image's paths (/app) to the checkout.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  LocalServerProcess,
  freePort,
  repoRoot,
  startNatsServer,
  type LocalNatsServer,
} from '@shopmind/testing';
import type { ContainerSpec, ShippedTarget } from './shipped-targets.js';

const root = repoRoot();
const IMAGE_WORKDIR = '/app';

export interface RunningService {
  service: string;
  process: ChildProcess;
  httpPort: number;
  /** What it wrote on stderr and stdout (the last lines), for failure messages. */
  output: string[];
}

/** A local OTLP/HTTP endpoint standing in for the collector: accepts and counts exports. */
class OtlpSink {
  private constructor(
    private readonly server: Server,
    readonly port: number,
    readonly received: Map<string, number>,
  ) {}

  static async start(): Promise<OtlpSink> {
    const port = await freePort();
    const received = new Map<string, number>();
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received.set(req.url ?? '', (received.get(req.url ?? '') ?? 0) + 1);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    return new OtlpSink(server, port, received);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

function argAfter(argv: string[], ...flags: string[]): string | undefined {
  const i = argv.findIndex((a) => flags.includes(a));
  return i >= 0 ? argv[i + 1] : undefined;
}

/** Writes a container's mounted files under `dir`, keeping their container paths. */
function materialise(spec: ContainerSpec, dir: string): (containerPath: string) => string {
  for (const [path, content] of spec.files) {
    const host = join(dir, path);
    mkdirSync(dirname(host), { recursive: true });
    writeFileSync(host, content);
  }
  return (containerPath) => {
    if (spec.files.has(containerPath)) return join(dir, containerPath);
    if (containerPath.startsWith(`${IMAGE_WORKDIR}/`))
      return join(root, containerPath.slice(IMAGE_WORKDIR.length + 1));
    return containerPath;
  };
}

export class ShippedStack {
  readonly services: RunningService[] = [];
  /** The HTTP edge, started after the services. */
  edge?: RunningService;
  private nats: LocalNatsServer[] = [];
  private redis: LocalServerProcess[] = [];
  private sink?: OtlpSink;
  private readonly dir = mkdtempSync(join(tmpdir(), 'shopmind-shipped-'));
  /** Host name in the target → local `host:port`. */
  private readonly endpoints = new Map<string, string>();

  constructor(readonly target: ShippedTarget) {}

  get natsUrl(): string {
    return this.nats[0]!.url;
  }

  /** The local Redis, as `redis://127.0.0.1:<port>` (no credentials). */
  get redisUrl(): string {
    return `redis://${this.endpoints.get('redis')}`;
  }

  /** OTLP exports received, by path (/v1/traces, /v1/metrics). */
  get exports(): ReadonlyMap<string, number> {
    return this.sink?.received ?? new Map();
  }

  async start(): Promise<void> {
    this.sink = await OtlpSink.start();
    this.endpoints.set('otel-collector', `127.0.0.1:${this.sink.port}`);
    await this.startNats();
    await this.startRedis();
    await this.provision();
    await this.startServices();
  }

  private async startNats(): Promise<void> {
    const specs = this.target.nats;
    const clusterPorts = await Promise.all(specs.map(() => freePort()));
    for (const [i, spec] of specs.entries()) {
      const configPath = argAfter(spec.argv, '--config', '-c');
      if (!configPath) throw new Error(`${this.target.name}: nats-server runs without --config`);
      const config = spec.files.get(configPath);
      if (config === undefined)
        throw new Error(`${this.target.name}: ${configPath} is not mounted into nats`);
      // The files beside the configuration (its includes), by their names relative to it.
      const beside = Object.fromEntries(
        [...spec.files]
          .filter(([p]) => p !== configPath && posix.dirname(p) === posix.dirname(configPath))
          .map(([p, content]) => [posix.basename(p), content]),
      );
      // A cluster: the routes go to the other local servers instead of the pods' DNS names.
      const cluster =
        specs.length > 1
          ? [
              '--cluster',
              `nats://127.0.0.1:${clusterPorts[i]}`,
              '--routes',
              clusterPorts
                .filter((_, j) => j !== i)
                .map((p) => `nats://127.0.0.1:${p}`)
                .join(','),
            ]
          : [];
      this.nats.push(await startNatsServer({ config, files: beside, env: spec.env, args: cluster }));
    }
    this.endpoints.set('nats', `127.0.0.1:${this.nats[0]!.port}`);
    for (const [i, spec] of specs.entries()) this.endpoints.set(spec.host, `127.0.0.1:${this.nats[i]!.port}`);
  }

  private async startRedis(): Promise<void> {
    for (const [i, spec] of this.target.redis.entries()) {
      const hostPath = materialise(spec, join(this.dir, `redis-${i}`));
      const script = spec.argv.findIndex((a) => a.endsWith('.sh'));
      if (spec.argv[0] !== 'sh' || script < 0)
        throw new Error(`${this.target.name}: redis runs ${spec.argv.join(' ')}`);
      const port = await freePort();
      const data = join(this.dir, `redis-data-${i}`);
      mkdirSync(data);
      // A cluster node announces the name clients reach it by: here, this machine. Its cluster bus
      // gets a free port of its own (by default port + 10000, which nobody reserved).
      const clusterNode = spec.env.REDIS_CLUSTER_HOSTNAME !== undefined;
      const server = new LocalServerProcess({
        binary: 'sh',
        // The target's script and arguments; the port, address and data folder moved here (later
        // arguments win in redis-server).
        args: [
          hostPath(spec.argv[script]!),
          ...spec.argv.slice(script + 1),
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--dir',
          data,
          ...(clusterNode ? ['--cluster-port', String(await freePort())] : []),
        ],
        port,
        readyLine: /Ready to accept connections/,
        installHint: 'apt-get install -y redis-server',
        env: clusterNode ? { ...spec.env, REDIS_CLUSTER_HOSTNAME: '127.0.0.1' } : spec.env,
      });
      this.redis.push(server);
      await server.start();
      this.endpoints.set(spec.host, `127.0.0.1:${port}`);
      if (i === 0) this.endpoints.set('redis', `127.0.0.1:${port}`);
    }
    if (this.target.redisCreate) await this.createRedisCluster(this.target.redisCreate);
  }

  /** The target's create step (cluster-create.sh) with the nodes' addresses moved here. */
  private async createRedisCluster(spec: ContainerSpec): Promise<void> {
    const hostPath = materialise(spec, join(this.dir, 'redis-create'));
    const argv = spec.argv.map((a, i) => (i === 1 ? hostPath(a) : (this.localAddress(a) ?? a)));
    const output: string[] = [];
    const child = this.spawn({ ...spec, argv }, spec.env, output);
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0)
      throw new Error(`${this.target.name}: creating the Redis Cluster failed:\n${output.join('\n')}`);
  }

  /** `host:port` of a server in the target → its local `127.0.0.1:port`; undefined for anything else. */
  private localAddress(value: string): string | undefined {
    const m = /^([a-z0-9.-]+):(\d+)$/i.exec(value);
    return m ? this.endpoints.get(m[1]!.split('.')[0]!) : undefined;
  }

  /** The target's environment with its addresses moved to the local servers. */
  localEnvironment(spec: ContainerSpec, httpPort?: number): Record<string, string> {
    const hostPath = materialise(spec, join(this.dir, 'files'));
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(spec.env)) {
      let value = v
        .split(',')
        .map((part) => {
          const m = /^([a-z]+):\/\/([^@/]*@)?([a-z0-9.-]+)(:\d+)?(.*)$/i.exec(part);
          const local = m && this.endpoints.get(m[3]!.split('.')[0]!);
          if (m && local) return `${m[1]}://${m[2] ?? ''}${local}${m[5]}`;
          // A bare host:port (REDIS_CLUSTER_NODES).
          return this.localAddress(part) ?? part;
        })
        .join(',');
      if (value.startsWith('/')) value = hostPath(value);
      env[k] = value;
    }
    if (httpPort !== undefined) env.HTTP_PORT = String(httpPort);
    return env;
  }

  private spawn(spec: ContainerSpec, env: Record<string, string>, output: string[]): ChildProcess {
    const [command, ...args] = spec.argv;
    const child = spawn(command!, args, {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (d: Buffer) => {
      output.push(...d.toString().split('\n').filter(Boolean));
      if (output.length > 200) output.splice(0, output.length - 200);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    return child;
  }

  /**
   * The admin step, retried as the Job's backoff and compose's restart would (a cluster elects its
   * JetStream leader a little after the servers accept clients).
   */
  private async provision(): Promise<void> {
    const spec = this.target.provision;
    const env = this.localEnvironment(spec);
    let output: string[] = [];
    for (let attempt = 1; attempt <= 10; attempt++) {
      output = [];
      const child = this.spawn(spec, env, output);
      const [code] = (await once(child, 'exit')) as [number | null];
      if (code === 0) return;
      await sleep(1000);
    }
    throw new Error(`${this.target.name}: provisioning failed:\n${output.join('\n')}`);
  }

  private async startServices(): Promise<void> {
    for (const spec of [...this.target.services, { ...this.target.edge, service: 'edge' }]) {
      const httpPort = await freePort();
      const output: string[] = [];
      const process = this.spawn(spec, this.localEnvironment(spec, httpPort), output);
      const running = { service: spec.service, process, httpPort, output };
      if (spec.service === 'edge') this.edge = running;
      else this.services.push(running);
    }
    for (const s of [...this.services, this.edge!]) {
      const deadline = Date.now() + 120_000;
      for (;;) {
        // A service that exits has failed to start: say so at once, with what it said.
        if (s.process.exitCode !== null || s.process.signalCode !== null)
          throw new Error(
            `${this.target.name}: ${s.service} exited (${s.process.exitCode ?? s.process.signalCode}):\n${s.output.slice(-30).join('\n')}`,
          );
        const res = await fetch(`http://127.0.0.1:${s.httpPort}/readyz`).catch(() => undefined);
        if (res?.ok) break;
        if (Date.now() > deadline)
          throw new Error(
            `${this.target.name}: ${s.service} not ready after 120 s (${res ? await res.text() : 'no answer'}):\n${s.output.slice(-30).join('\n')}`,
          );
        await sleep(250);
      }
    }
  }

  async stop(): Promise<void> {
    await Promise.all(
      [...this.services, ...(this.edge ? [this.edge] : [])].map(async (s) => {
        if (s.process.exitCode !== null || s.process.signalCode !== null) return;
        s.process.kill('SIGTERM');
        await Promise.race([once(s.process, 'exit'), sleep(30_000)]);
        if (s.process.exitCode === null) s.process.kill('SIGKILL');
      }),
    );
    await Promise.all(this.redis.map((r) => r.kill()));
    await Promise.all(this.nats.map((n) => n.stop()));
    await this.sink?.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
