import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { startNatsServer, type LocalNatsServer } from './nats-server.js';
import { canConnect } from './tcp-port.js';
import { uniqueName } from './unique-name.js';

describe('startNatsServer', () => {
  let server: LocalNatsServer;

  beforeAll(async () => {
    server = await startNatsServer();
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('starts a server with JetStream enabled that stores published messages', async () => {
    const nc = await connect({ servers: server.url });
    try {
      const jsm = await jetstreamManager(nc);
      const name = uniqueName('STARTUP');
      await jsm.streams.add({ name, subjects: [`${name}.>`] });
      await jetstream(nc).publish(`${name}.one`, 'hello');
      const info = await jsm.streams.info(name);
      expect(info.state.messages).toBe(1);
    } finally {
      await nc.close();
    }
  });

  it('keeps port, streams and stored messages across a hard restart', async () => {
    const name = uniqueName('RESTART');
    const before = await connect({ servers: server.url });
    const jsm = await jetstreamManager(before);
    await jsm.streams.add({ name, subjects: [`${name}.>`] });
    const js = jetstream(before);
    for (const n of [1, 2, 3]) await js.publish(`${name}.e`, `m${n}`);
    await before.close();

    await server.kill('SIGKILL');
    expect(await canConnect(server.port)).toBe(false);
    await server.start();

    const after = await connect({ servers: server.url });
    try {
      const info = await (await jetstreamManager(after)).streams.info(name);
      expect(info.state.messages).toBe(3);
    } finally {
      await after.close();
    }
  });
});
