// startNatsCluster runs the shipped deploy/nats/nats-cluster.conf with its auth.conf: the same
// users and permissions as production, on loopback ports instead of the pods' DNS names.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { ADMIN_USER, EDGE_USER, passwordVariable } from '@shopmind/bus';
import { ServiceCatalogue } from '@shopmind/contracts';
import { eventually, repoRoot, startNatsCluster, uniqueName, type LocalNatsCluster } from '@shopmind/testing';

const users = [ADMIN_USER, EDGE_USER, ...Object.values(ServiceCatalogue).map((s) => s.name)];
// nats-server reads a password variable as a configuration value: each starts with a letter.
const passwords = new Map(users.map((u) => [u, `p${randomBytes(12).toString('hex')}`]));
const adminPassword = passwords.get(ADMIN_USER)!;
let cluster: LocalNatsCluster;

beforeAll(async () => {
  const deploy = join(repoRoot(), 'deploy/nats');
  cluster = await startNatsCluster({
    nodes: 3,
    config: readFileSync(join(deploy, 'nats-cluster.conf'), 'utf8'),
    files: { 'auth.conf': readFileSync(join(deploy, 'auth.conf'), 'utf8') },
    env: Object.fromEntries(users.map((u) => [passwordVariable(u), passwords.get(u)!])),
    user: ADMIN_USER,
    pass: adminPassword,
  });
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
});

describe('startNatsCluster with the shipped cluster configuration', () => {
  it('forms the cluster, refuses anonymous clients, and lets the admin create a replicated stream', async () => {
    await expect(connect({ servers: cluster.urls, reconnect: false })).rejects.toThrow(/Authorization/i);

    const nc = await connect({ servers: cluster.urls, user: ADMIN_USER, pass: adminPassword });
    try {
      const jsm = await jetstreamManager(nc, { timeout: 5000 });
      const stream = uniqueName('SHIPPED').replace(/-/g, '_');
      await jsm.streams.add({ name: stream, subjects: [`${stream}.>`], num_replicas: 3 });
      const leader = await eventually(() => cluster.streamLeader(stream), { what: `a leader of ${stream}` });
      expect(cluster.nodes).toContain(leader);
      expect((await jsm.streams.info(stream)).cluster?.replicas).toHaveLength(2);
    } finally {
      await nc.close();
    }
  }, 30_000);
});
