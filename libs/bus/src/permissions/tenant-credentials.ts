// A shop system's NATS identity: a user nkey. The public key goes into auth.conf, the seed to the shop.
import { nkeys } from '@nats-io/transport-node';
import { TENANT_PATTERN } from '@shopmind/contracts';

export interface TenantCredentials {
  tenant: string;
  /** `U…`: written into auth.conf. */
  publicKey: string;
  /** `SU…`: the shop's secret (its `<tenant>.nk` file); never stored by ShopMind. */
  seed: string;
}

export function createTenantCredentials(tenant: string): TenantCredentials {
  if (!TENANT_PATTERN.test(tenant)) {
    throw new Error(
      `tenant id ${JSON.stringify(tenant)} is not a valid subject token (${TENANT_PATTERN.source})`,
    );
  }
  const user = nkeys.createUser();
  return { tenant, publicKey: user.getPublicKey(), seed: new TextDecoder().decode(user.getSeed()) };
}
