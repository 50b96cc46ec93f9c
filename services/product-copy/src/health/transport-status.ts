// Remembers the bus transport's connection status for the readiness probe (the transport owns its
// own NATS connection, separate from the publisher's).
import type { JetStreamTransport, JetStreamTransportStatus } from '@shopmind/bus';

export class TransportStatus {
  private current: JetStreamTransportStatus = 'disconnected';

  watch(transport: JetStreamTransport): this {
    transport.on('status', (s) => (this.current = s));
    return this;
  }

  get status(): JetStreamTransportStatus {
    return this.current;
  }
}
