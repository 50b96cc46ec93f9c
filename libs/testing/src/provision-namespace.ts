// The admin step before a test, eval or bench starts a service: services only verify the streams
// (docs/decisions/permission-model.md), so the streams of the test's namespace are provisioned here.
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { busConnectionOptions, provisionStreams, resolveBusOptions, type BusOptions } from '@shopmind/bus';

/** Stream settings and admin credentials; anything not given takes the defaults services use. */
export type ProvisionNamespaceOptions = Partial<
  Pick<BusOptions, 'replicas' | 'retention' | 'duplicateWindowMs' | 'user' | 'password' | 'tlsCaFile'>
>;

/**
 * Creates (or widens) SHOP_EVENTS, AI_RESULTS and DEAD_LETTERS of the namespace `prefix` ('' for
 * none) with `provisionStreams`, as an admin would; returns `prefix`, so that
 * `const prefix = await provisionNamespace(url, uniqueName('x'))` reads in one line.
 */
export async function provisionNamespace(
  natsUrl: string,
  prefix: string,
  options: ProvisionNamespaceOptions = {},
): Promise<string> {
  const resolved = resolveBusOptions({
    service: 'provision',
    natsUrl,
    subjectPrefix: prefix,
    connectionName: 'shopmind-provision',
    ...options,
  });
  // No service inbox prefix: the admin reads its replies on the default inbox.
  const nc = await connect(busConnectionOptions({ ...resolved, service: undefined }));
  try {
    await provisionStreams(await jetstreamManager(nc), resolved);
  } finally {
    await nc.close();
  }
  return prefix;
}
