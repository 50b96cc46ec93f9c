import { describe, expect, it } from '@jest/globals';
import { create, toJson } from '@bufbuild/protobuf';
import { ContractError, decodeMessage, OrderPlacedSchema } from '@shopmind/contracts';
import { anOrder, anOrderPlaced } from '@shopmind/testing';
import { computeFeatures } from '../domain/order-features.js';
import { shippedRules } from '../fixtures/orders.js';
import { orderFactsFromContract } from './order-facts-from-contract.js';

const T = Date.UTC(2026, 10, 28, 9);
const features = (ipCountry: string) => {
  const order = anOrder({
    ipCountry,
    billingAddress: { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
    shippingAddress: { line1: 'Rue 1', city: 'Paris', postalCode: '75001', country: 'FR' },
  });
  return computeFeatures(orderFactsFromContract('acme', order, T), {}, shippedRules());
};

describe('order facts from the contract', () => {
  it('carries the IP country of the order into the facts', () => {
    const facts = orderFactsFromContract('acme', anOrder({ ipCountry: 'NG' }), T);
    expect(facts.ipCountry).toBe('NG');
  });

  it('flags billing and shipping countries that differ from the IP country', () => {
    expect(features('NG')).toMatchObject({ billing_ip_mismatch: 1, shipping_ip_mismatch: 1 });
    expect(features('DE')).toMatchObject({ billing_ip_mismatch: 0, shipping_ip_mismatch: 1 });
    expect(features('FR')).toMatchObject({ billing_ip_mismatch: 1, shipping_ip_mismatch: 0 });
  });

  it('treats an unknown IP country as no mismatch', () => {
    expect(features('')).toMatchObject({ billing_ip_mismatch: 0, shipping_ip_mismatch: 0 });
  });

  it('accepts ipCountry in proto3 JSON and refuses one that is not ISO 3166 alpha-2', () => {
    const json = toJson(OrderPlacedSchema, anOrderPlaced({ order: anOrder({ ipCountry: 'NG' }) }));
    const ok = decodeMessage(
      OrderPlacedSchema,
      new TextEncoder().encode(JSON.stringify(json)),
      'application/json',
    );
    expect(ok.order?.ipCountry).toBe('NG');
    const bad = create(OrderPlacedSchema, anOrderPlaced());
    const badJson = toJson(OrderPlacedSchema, bad) as { order: Record<string, unknown> };
    badJson.order.ipCountry = 'nga';
    expect(() =>
      decodeMessage(OrderPlacedSchema, new TextEncoder().encode(JSON.stringify(badJson)), 'application/json'),
    ).toThrow(ContractError);
  });
});
