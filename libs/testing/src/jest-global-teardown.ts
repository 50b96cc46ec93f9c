// Jest globalTeardown: stops the servers jest-global-setup.ts started (nothing when URLs came from the environment).
import type { Infra } from './infra.js';

export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as Record<string, unknown>;
  const infra = holder.__shopmindTestInfra as Infra | undefined;
  if (!infra) return;
  delete holder.__shopmindTestInfra;
  await infra.stop();
}
