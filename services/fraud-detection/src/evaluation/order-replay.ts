// Replays a labelled stream of order placed events (proto3 JSON lines with "label") through a fresh
// feature store in time order, exactly as the live service would see them.
import { fromJson, type JsonObject } from '@bufbuild/protobuf';
import { timestampMs } from '@bufbuild/protobuf/wkt';
import { OrderPlacedSchema } from '@shopmind/contracts';
import type { OrderCounters, OrderFacts } from '../domain/order-facts.js';
import { orderEventTime, orderFactsFromContract } from '../messages/order-facts-from-contract.js';
import type { FeatureStore } from '../stores/feature-store.js';

export interface LabelledFacts {
  facts: OrderFacts;
  label: 0 | 1;
  /** Generator's pattern name when present (diagnostics only). */
  pattern: string;
}

export function parseLabelledLine(line: string, lineNo: number): LabelledFacts {
  const obj = JSON.parse(line) as JsonObject;
  const { label, pattern, ...event } = obj;
  if (label !== 0 && label !== 1) throw new Error(`line ${lineNo}: "label" must be 0 or 1`);
  const placed = fromJson(OrderPlacedSchema, event);
  if (!placed.order) throw new Error(`line ${lineNo}: no order`);
  const envMs = placed.envelope?.occurredAt ? timestampMs(placed.envelope.occurredAt) : undefined;
  const tenant = placed.envelope?.tenantId || 'default';
  return {
    facts: orderFactsFromContract(tenant, placed.order, orderEventTime(placed.order, envMs, 0)),
    label,
    pattern: typeof pattern === 'string' ? pattern : '',
  };
}

/** Observes every order in stream order and hands back its counters. */
export async function replayCounters(
  rows: LabelledFacts[],
  store: FeatureStore,
  smallAmount: number,
  each: (row: LabelledFacts, counters: OrderCounters) => void,
): Promise<void> {
  for (const row of rows) each(row, await store.observeOrder(row.facts, smallAmount));
}
