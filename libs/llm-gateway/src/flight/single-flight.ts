// Single flight: identical concurrent requests coalesce in the process (a map of promises) and
// across replicas (a Redis lease, renewed while the leader works, plus a pub/sub notification;
// followers poll the flight keys too, so a crashed leader's lease simply expires and one follower
// takes over). The leader asks the provider chain and publishes the outcome to cache, followers and
// the budget.
import { randomUUID } from 'node:crypto';
import type { BackgroundWork } from '../background-work.js';
import type { BudgetLedger, Reservation } from '../budget/budget-ledger.js';
import type { FlightNotifier } from '../cache/flight-notifier.js';
import { FLIGHT_RELEASED } from '../cache/redis-scripts.js';
import type { AcquireOutcome, ResultStore } from '../cache/result-store.js';
import type { CallSpend, GatewayCall, LeaderCall, Prepared } from '../call/gateway-call.js';
import type { LocalTier } from '../chain/local-tier.js';
import type { ProviderChain } from '../chain/provider-chain.js';
import type { GatewayConfig } from '../config.js';
import type { GatewayTelemetry } from '../telemetry/gateway-telemetry.js';
import { parseFlight, parseStored, type FlightOutcome } from './flight-outcome.js';

export interface SingleFlightDeps {
  config: GatewayConfig;
  store: ResultStore;
  budget: BudgetLedger;
  notifier: FlightNotifier;
  chain: ProviderChain;
  local: LocalTier;
  background: BackgroundWork;
  telemetry: GatewayTelemetry;
}

/** A flight's outcome, and whether this caller joined a flight another request of this process led. */
export interface FlightResult {
  outcome: FlightOutcome;
  joined: boolean;
}

/** The leader's hold on the flight: its lease token (none without Redis), and whether it writes the cache. */
interface Lease {
  token: string | undefined;
  cacheable: boolean;
}

const noSpend = (): CallSpend => ({ usage: { inputTokens: 0, outputTokens: 0 }, costUsd: 0 });

export class SingleFlight {
  private readonly flights = new Map<string, Promise<FlightOutcome>>();

  constructor(private readonly deps: SingleFlightDeps) {}

  /** Joins this process's flight of the same cache key, or leads a new one. */
  async join<I, O>(call: GatewayCall<I, O>): Promise<FlightResult> {
    let flight = this.flights.get(call.cacheKey);
    const joined = flight !== undefined;
    if (!flight) {
      flight = this.lead(call);
      this.flights.set(call.cacheKey, flight);
      const forget = (): void => void this.flights.delete(call.cacheKey);
      flight.then(forget, forget);
    } else {
      this.deps.telemetry.stats.coalesced++;
    }
    return { outcome: await flight, joined };
  }

  /** The in-process leader: takes the cross-process lease (or follows its holder), then executes. */
  private async lead<I, O>(call: GatewayCall<I, O>): Promise<FlightOutcome> {
    const { config, store, budget, notifier, chain } = this.deps;
    const { keys, options, task } = call;
    // A customer's answer that could not be listed for erasure is not cached.
    const cacheable = call.cacheable && call.keep;
    const prepared = chain.prepare(task, call.input);
    const token = randomUUID();
    if (!store.available) {
      const reservation = await this.reserve(call, prepared);
      return this.execute({ call, prepared, reservation, spend: noSpend() }, { token: undefined, cacheable });
    }
    const waiter = notifier.wait(keys.id);
    try {
      // First round: lease and budget reservation travel together (one round trip when pipelined).
      const budgetRequest = budget.request(
        options.tenant,
        task.name,
        prepared.estimateTokens,
        prepared.estimateUsd,
      );
      const first = await store.acquireAndReserve(keys, token, config.leaseMs, cacheable, budgetRequest);
      let acq: AcquireOutcome = first.acquired;
      let reservation: Reservation | undefined = budget.verdict(budgetRequest, first.budgetAnswer);
      // A follower keeps its reservation while it waits: should it take the flight over, it does not
      // reserve again (which would count the estimate twice until the first is given back).
      const giveBack = (): void => {
        if (reservation) budget.reconcile(reservation, 0, 0);
        reservation = undefined;
      };
      const deadline = Date.now() + config.flightWaitMs;
      // The lease holder this caller is waiting on: only its followers-only outcome is ours to take.
      let awaited = '';
      for (;;) {
        if (acq.state === 'acquired' || acq.state === 'unavailable' || Date.now() > deadline) {
          reservation ??= await this.reserve(call, prepared);
          if (reservation.status === 'rejected') {
            // Over this tenant's budget: answer locally without leading the flight, so identical
            // requests of tenants within budget (shareable tasks) take it over and are not answered
            // 'budget' on this tenant's account.
            if (acq.state === 'acquired') this.deps.background.add(store.release(keys, token));
            return await this.deps.local.outcome(call, 'budget', options.tenant);
          }
          const lease = { token: acq.state === 'acquired' ? token : undefined, cacheable };
          return await this.execute({ call, prepared, reservation, spend: noSpend() }, lease);
        }
        if (acq.state === 'cached') {
          const stored = parseStored(acq.value);
          if (stored) {
            giveBack();
            return { kind: 'result', stored, via: 'cache' };
          }
          // An unreadable entry: answer without the lease; the fresh answer overwrites it.
          acq = { state: 'unavailable' };
          continue;
        }
        if (acq.state === 'result') {
          giveBack();
          return parseFlight(acq.value);
        }
        // Held by another replica: wait for its notification; poll in case it crashed (lease expiry).
        awaited = acq.holder;
        const payload = await waiter.next(Math.min(config.flightPollMs, Math.max(5, acq.pttl)));
        if (payload !== undefined && payload !== FLIGHT_RELEASED) {
          const outcome = parseFlight(payload);
          // A degraded outcome of an earlier flight (notified just after we registered) is not ours.
          if (outcome.leader === undefined || outcome.leader === awaited) {
            giveBack();
            return outcome;
          }
        }
        acq = await store.acquire(keys, token, config.leaseMs, cacheable, awaited);
      }
    } finally {
      waiter.dispose();
    }
  }

  private reserve<I, O>(call: GatewayCall<I, O>, prepared: Prepared): Promise<Reservation> {
    return this.deps.budget.reserve(
      call.options.tenant,
      call.task.name,
      prepared.estimateTokens,
      prepared.estimateUsd,
    );
  }

  /** Runs the chain as the leader (renewing the lease meanwhile) and publishes the outcome. */
  private async execute<I, O>(leader: LeaderCall<I, O>, lease: Lease): Promise<FlightOutcome> {
    const { config, store } = this.deps;
    const { keys } = leader.call;
    const token = lease.token;
    const renew = token
      ? setInterval(() => void store.renew(keys, token, config.leaseMs), Math.floor(config.leaseMs / 3))
      : undefined;
    renew?.unref();
    let outcome: FlightOutcome;
    try {
      outcome = await this.deps.chain.answer(leader);
    } finally {
      if (renew) clearInterval(renew);
    }
    this.publish(leader.call, outcome, lease);
    const { usage, costUsd } = leader.spend;
    this.deps.budget.reconcile(leader.reservation, usage.inputTokens + usage.outputTokens, costUsd);
    return outcome;
  }

  /**
   * Completes the flight: the cache entry (a provider's validated answer only) and the outcome for
   * the followers, with the notification that wakes them.
   */
  private publish<I, O>(call: GatewayCall<I, O>, outcome: FlightOutcome, lease: Lease): void {
    const { config, store } = this.deps;
    // Only a provider's answer is open to every request in the flight-result window. A degraded
    // answer or a deferral goes to the callers that waited on this flight; a later request runs its
    // own flight, so it reaches a provider that has recovered.
    const followersOnly = !(outcome.kind === 'result' && outcome.stored.tier === 'provider');
    const leader = followersOnly ? `"leader":${JSON.stringify(lease.token ?? '-')},` : '';
    // The stored result is serialised once: the cache entry, and inside the followers' payload.
    const storedJson =
      outcome.kind === 'result' ? JSON.stringify({ ...outcome.stored, attempts: undefined }) : undefined;
    const payload =
      storedJson !== undefined
        ? `{"kind":"result","via":"leader",${leader}"stored":${storedJson}}`
        : `{${leader}${JSON.stringify(outcome).slice(1)}`;
    // Sent now but not awaited: the command is on the connection before the caller gets the answer,
    // so every later read through this gateway sees it, and other replicas are woken by the
    // notification. Failures are counted inside.
    this.deps.background.add(
      store.complete(
        call.keys,
        lease.token ?? '-',
        lease.cacheable && !followersOnly ? storedJson : undefined,
        call.task.cacheTtlSeconds,
        payload,
        config.flightResultTtlMs,
        followersOnly,
      ),
    );
  }
}
