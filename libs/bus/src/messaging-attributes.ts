// The OpenTelemetry messaging attribute names and values the bus puts on its spans and metrics,
// spelled once. The messaging conventions are still incubating, and their package asks
// instrumentations to copy such names rather than import `@opentelemetry/semantic-conventions/incubating`
// at run time (it may change in a minor release, and loading it costs a process about 3.8 MiB of
// heap); messaging-attributes.spec.ts holds every copied name to the package's constant.
export const MessagingAttributes = {
  system: 'messaging.system',
  destinationName: 'messaging.destination.name',
  /** The subject with its tenant as `*` (metrics: one series per subject kind, not per shop). */
  destinationTemplate: 'messaging.destination.template',
  operationType: 'messaging.operation.type',
  operationName: 'messaging.operation.name',
  messageId: 'messaging.message.id',
  consumerGroupName: 'messaging.consumer.group.name',
  // The conventions define none for NATS: ours, in the `messaging.<system>.*` namespace they reserve.
  deliveryCount: 'messaging.nats.delivery_count',
  /** Set on a publish span when JetStream dropped the message as a duplicate (same Nats-Msg-Id). */
  duplicate: 'messaging.nats.duplicate',
} as const;

/** The value of `messaging.system` for everything on the bus (the conventions list no NATS value). */
export const MESSAGING_SYSTEM_NATS = 'nats';

/** Values of `messaging.operation.type` (and of `messaging.operation.name`) the bus uses. */
export const MessagingOperation = {
  send: 'send',
  process: 'process',
} as const;
