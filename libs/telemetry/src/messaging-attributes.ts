// Attribute names and values of the OpenTelemetry messaging semantic conventions used on NATS
// publish and consume spans (spelled out here so every lib and service uses the same strings).
export const MessagingAttributes = {
  system: 'messaging.system',
  destinationName: 'messaging.destination.name',
  operationType: 'messaging.operation.type',
  operationName: 'messaging.operation.name',
  messageId: 'messaging.message.id',
  conversationId: 'messaging.message.conversation_id',
  bodySize: 'messaging.message.body.size',
  consumerGroupName: 'messaging.consumer.group.name',
  deliveryCount: 'messaging.nats.delivery_count',
  streamSequence: 'messaging.nats.stream_sequence',
  errorType: 'error.type',
} as const;

/** The value of `messaging.system` for everything on the bus. */
export const MESSAGING_SYSTEM_NATS = 'nats';

/** Values of `messaging.operation.type`. */
export const MessagingOperation = {
  send: 'send',
  receive: 'receive',
  process: 'process',
  settle: 'settle',
  create: 'create',
} as const;
export type MessagingOperationType = (typeof MessagingOperation)[keyof typeof MessagingOperation];
