// Whether each dependency (Redis today) is up, from its client's own events: a change is logged
// once (down, then up again — not every reconnect attempt), recorded in `shopmind.dependency.up`,
// shown in readiness, and lets a query fail fast instead of waiting in the client's offline queue.
import type { RedisConnection } from '@shopmind/redis';
import { metrics, type Gauge, type MeterProvider } from '@opentelemetry/api';
import { TransientError } from '@shopmind/errors';
import { createLogger, type Logger } from '@shopmind/telemetry';

export type DependencyStatus = 'up' | 'down';

export interface DependencySnapshot {
  state: DependencyStatus;
  /** When it entered this state. */
  since: Date;
  /** Why it is down (the client's last error). */
  reason?: string;
}

/** A query's dependency is down: the caller hears `unavailable` at once (a transient error). */
export class DependencyUnavailableError extends TransientError {
  override readonly name: string = 'DependencyUnavailableError';
  constructor(
    readonly dependency: string,
    reason: string | undefined,
  ) {
    super(`${dependency} unavailable${reason ? `: ${reason}` : ''}`);
  }
}

const gauges = new WeakMap<MeterProvider, Gauge>();

/** `shopmind.dependency.up`, from the meter provider registered now (tests install theirs late). */
function upGauge(): Gauge {
  const provider = metrics.getMeterProvider();
  let gauge = gauges.get(provider);
  if (!gauge) {
    gauge = provider.getMeter('shopmind').createGauge('shopmind.dependency.up', {
      description: '1 while the dependency is reachable, 0 while it is down (attribute dependency)',
    });
    gauges.set(provider, gauge);
  }
  return gauge;
}

export class DependencyState {
  private readonly states = new Map<string, DependencySnapshot>();
  private readonly waiting = new Map<string, Set<(error: DependencyUnavailableError) => void>>();
  private closing = false;

  /** Longest a query's work may wait on a dependency that is up but does not answer. */
  private readonly callTimeoutMs: number;

  constructor(
    private readonly log: Logger = createLogger('dependencies'),
    options: { callTimeoutMs?: number } = {},
  ) {
    this.callTimeoutMs = options.callTimeoutMs ?? 1000;
  }

  /**
   * Follows an ioredis client: up on `ready`; down on `close` or `end` with the last error as the
   * reason. The `error` listener is what keeps ioredis from printing every failed reconnect attempt.
   */
  watchRedis(name: string, client: RedisConnection): void {
    let lastError: string | undefined;
    client.on('error', (err: Error) => {
      lastError = err.message;
    });
    client.on('ready', () => {
      lastError = undefined;
      this.report(name, 'up');
    });
    const lost = (): void => this.report(name, 'down', lastError ?? 'connection closed');
    client.on('close', lost);
    client.on('end', lost);
  }

  /** The state of one dependency; undefined before its first connection attempt settled. */
  get(name: string): DependencySnapshot | undefined {
    return this.states.get(name);
  }

  isUp(name: string): boolean {
    return this.states.get(name)?.state === 'up';
  }

  /**
   * Runs `work` (a query's use of `name`) only while `name` is up: rejects with
   * DependencyUnavailableError at once when it is down, as soon as it goes down while `work`
   * runs, or when it stays connected but does not answer within the call time limit (a stalled
   * server, a partition the client has not noticed) — instead of waiting for the caller's deadline.
   */
  async whileUp<T>(name: string, work: () => Promise<T>): Promise<T> {
    const current = this.states.get(name);
    if (current?.state !== 'up')
      throw new DependencyUnavailableError(name, current?.reason ?? 'not connected');
    let onDown!: (error: DependencyUnavailableError) => void;
    const down = new Promise<never>((_, reject) => (onDown = reject));
    const waiting = this.waiting.get(name) ?? new Set();
    this.waiting.set(name, waiting);
    waiting.add(onDown);
    const timer = setTimeout(
      () => onDown(new DependencyUnavailableError(name, `no answer within ${this.callTimeoutMs} ms`)),
      this.callTimeoutMs,
    );
    const running = work();
    // Abandoned when the dependency goes down or stalls first: it finishes (or fails) once the
    // client reconnects, answers or gives up, and nobody waits for it.
    running.catch(() => undefined);
    try {
      return await Promise.race([running, down]);
    } finally {
      clearTimeout(timer);
      waiting.delete(onDown);
    }
  }

  /** Stops reporting: a shutdown closes the clients, which is no outage. */
  close(): void {
    this.closing = true;
  }

  /** Records what a client's events (or any other probe) say; only a change is logged and recorded. */
  report(name: string, state: DependencyStatus, reason?: string): void {
    if (this.closing) return;
    const previous = this.states.get(name);
    if (previous?.state === state) return;
    this.states.set(name, { state, since: new Date(), ...(reason ? { reason } : {}) });
    upGauge().record(state === 'up' ? 1 : 0, { dependency: name });
    if (state === 'down') {
      this.log.warn({ dependency: name, state, reason }, `${name} down`);
      for (const fail of this.waiting.get(name) ?? []) fail(new DependencyUnavailableError(name, reason));
    } else if (previous) {
      // The first connection is no change worth a line (the service's start is logged).
      const downMs = Date.now() - previous.since.getTime();
      this.log.info({ dependency: name, state, down_ms: downMs }, `${name} up`);
    }
  }
}
